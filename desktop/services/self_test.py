"""`fazhi --self-test`: a temporary data directory, a ledger, evidence with a file, an export read back; then
the steps the caller adds on that data (desktop.app adds the window's, which services cannot know)."""

import hashlib
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from desktop.domain import progress
from desktop.services import evidence, export_xlsx, integrity, ledgers, snapshot
from desktop.services.xlsx_sheets import KEY_TITLE, Steps
from desktop.store.store import Store


def run(say=print, more_steps: Iterable[Callable[[Path], str]] = ()) -> bool:
    """Each of more_steps gets the data directory (its store closed again) and returns what it checked."""
    with tempfile.TemporaryDirectory(prefix="fazhi-selftest-") as folder:
        root = Path(folder)
        steps = []
        try:
            with Store(root / "data") as store:
                ledger_id = ledgers.create_ledger(store, "自检镇", 2025).result
                view = ledgers.load_view(store, ledger_id)
                first = next(i for i in view.items if i.level == "item")
                ledgers.update_item(store, first.id, {"progress": "已完成", "result": "已落实"})
                steps.append(f"建立台账：{progress.item_count(view.items)} 个条目")
                source = root / "自检材料.pdf"
                source.write_bytes(b"%PDF-1.4\n% self-test\n")
                evidence.add(store, ledger_id, title="自检佐证", kind="其他", formed_on=date(2025, 6, 1),
                             item_ids=[first.id], files=[source])
                steps.append("加入佐证及附件")
                out = root / "自检.xlsx"
                snap = snapshot.take(store, ledger_id)
                export_xlsx.write_workbook(snap, None, out, Steps(1))
                _verify_export(out, snap, hashlib.sha256(source.read_bytes()).hexdigest())
                steps.append("导出并读回 Excel 进度表")
                report = integrity.check(store)
                if not report.ok:
                    raise AssertionError(report.text())
                steps.append("完整性检查通过")
            for step in more_steps:
                steps.append(step(root / "data"))
        except Exception as exc:  # report every failure, never a traceback only
            for step in steps:
                say(f"  ✓ {step}")
            say(f"  ✗ 自检失败：{type(exc).__name__}: {exc}")
            return False
        for step in steps:
            say(f"  ✓ {step}")
        say("自检通过")
        return True


def _verify_export(path: Path, snap, sha: str) -> None:
    """Every 条目 of the snapshot comes back from the 任务清单 under its uid with its 进度 and 落实结果, and the
    attachment's SHA-256 from the 佐证材料目录."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(workbook["任务清单"].iter_rows(values_only=True))
        header = rows[0]
        key, state = header.index(KEY_TITLE), (header.index("进度"), header.index("落实结果"))
        by_uid = {r[key]: (r[state[0]], r[state[1]]) for r in rows[1:] if r and r[key]}
        by_code = {r[0]: (r[state[0]], r[state[1]]) for r in rows[1:] if r}
        for item in snap.checklist():  # rows written before every row had a uid: by code
            found = by_uid.get(item.uid) if item.uid else by_code.get(item.code)
            if found != (item.progress, item.effective_result):
                raise AssertionError(f"任务清单中条目 {item.code} 的进度或落实结果与台账不一致")
        files = list(workbook["佐证材料目录"].iter_rows(values_only=True))
        if not any(sha in r for r in files if r):
            raise AssertionError("佐证材料目录中没有附件的 SHA-256")
    finally:
        workbook.close()
