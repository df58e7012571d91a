"""The round trip of the large ledger's 任务清单: 600 rows, every one edited (进度, 责任人, 备注), read + diff
+ apply as one operation (goal ≤ 3 s; the backup before applying is timed apart).

python -m benchmarks.roundtrip_bench [DIR]   (DIR: a generated large ledger, used on a copy; made in a temporary
folder if absent)
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path


def _edited_workbook(store, ledger_id: int, folder: Path) -> Path:
    import openpyxl

    from desktop.services import export_xlsx

    path = export_xlsx.export_progress_workbook(store, ledger_id, folder / "进度表.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["任务清单"]
    header = [c.value for c in sheet[1]]
    progress, owner, remark = (header.index(t) for t in ("进度", "责任人", "备注"))
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=1):
        row[progress].value = "已完成" if number % 2 else "推进中"
        row[owner].value = f"责任人{number}"
        row[remark].value = f"第 {number} 行经区司法局核实"
    book.save(path)
    return path


def measure(data_dir: Path) -> dict:
    from desktop.services import backup, ledgers, roundtrip
    from desktop.store.store import Store

    with Store(data_dir) as store, tempfile.TemporaryDirectory() as temp:
        ledger_id = ledgers.list_ledgers(store)[0].id
        path = _edited_workbook(store, ledger_id, Path(temp))
        start = time.perf_counter()
        diff = roundtrip.read(store, ledger_id, path)
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        changes = roundtrip.apply(store, ledger_id, diff.changes, make_backup=False)
        apply_s = time.perf_counter() - start
        start = time.perf_counter()
        backup.make_backup(store, "导入前")
        backup_s = time.perf_counter() - start
        assert changes.result == 600 and not diff.problems, (changes.result, diff.problems[:3])
        return {"items": changes.result, "changes": len(diff.changes), "read_diff_s": round(read_s, 2),
                "apply_s": round(apply_s, 2), "total_s": round(read_s + apply_s, 2), "backup_s": round(backup_s, 2)}


def main() -> None:
    if len(sys.argv) > 1:  # on a copy: applying the edits changes the ledger, and the next run would find none
        with tempfile.TemporaryDirectory() as temp:
            print(measure(shutil.copytree(sys.argv[1], Path(temp) / "large")))
        return
    from benchmarks.generate import generate

    with tempfile.TemporaryDirectory() as temp:
        print(measure(generate(Path(temp) / "large")))


if __name__ == "__main__":
    main()
