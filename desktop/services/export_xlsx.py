"""The year-end Excel progress workbook: 封面, 汇总, 同比 (when last year's ledger exists), 任务清单, 佐证材料目录, 未完成事项, 指标完成情况, then one sheet
per register (合法性审查台账, 行政执法案件台账, 法律顾问名册, 法律顾问服务台账, 学法培训台账, 执法人员培训学时).

Written from one snapshot of the ledger; the 任务清单 has one field per column (the column schema) and a hidden
key column with each item's uid, and the document properties name the ledger, so a workbook can come back."""

from datetime import date
from pathlib import Path

from desktop.domain import columns as schema
from desktop.domain import progress as progress_rules
from desktop.domain.files import component_name
from desktop.domain.models import Ledger
from desktop.domain.registers import REGISTER_LABELS
from desktop.services import export_target, register_export, snapshot, workbook_cover, year_compare
from desktop.services.snapshot import LedgerSnapshot
from desktop.services.xlsx_sheets import KEY, Column, SheetWriter, Steps, new_workbook
from desktop.services.year_compare import YearComparison
from desktop.store import snapshot_repo

SCHEMA_VERSION = 1  # the layout of the 任务清单 and its key column; an import checks it
SUMMARY = [Column("部分", 8), Column("部分名称", 46, wrap=True), Column("条目数", 10), Column("不适用", 10),
           Column("已完成", 10), Column("完成率", 10), Column("佐证数", 10)]
TASK_FIELDS = tuple(schema.columns(schema.LEDGER_ITEM))
TASKS = [*(Column.of(f) for f in TASK_FIELDS), KEY]
INDICATORS = [Column("条目编码", 9), Column("条目名称", 26, wrap=True), Column("指标", 24, wrap=True),
              Column("单位", 8, wrap=True), Column("年度目标", 9), Column("完成值", 9), Column("数据来源", 13),
              Column("是否达标", 18, wrap=True), KEY, Column("指标键", 20, hidden=True)]
# 来源 after 文件名: readers of older exports find the file name in the fifth column still
CATALOG = [Column("条目编码", 10), Column("形成日期", 12), Column("标题", 44, wrap=True), Column("类别", 14),
           Column("文件名", 30), Column("来源", 16), Column("SHA-256", 68), KEY]  # text too wide wraps by itself
EVIDENCE_SOURCE, REGISTER_KIND = "佐证材料", "专项台账登记"
OPEN_ITEMS = [Column("编码", 9), Column("任务", 40, wrap=True), Column("责任科室", 14, wrap=True),
              Column("责任人", 10), Column("完成时限", 12), Column("进度", 9), Column("是否逾期", 10), KEY]
OVERDUE_TEXT = "已逾期"


def default_file_name(ledger: Ledger) -> str:
    return component_name(f"{ledger.unit_name}{ledger.year}年度法治政府建设进度表.xlsx")


def properties(snap: LedgerSnapshot) -> dict:
    """What names the ledger inside the file (custom document properties): an import refuses another's."""
    return {"fazhi.schema": SCHEMA_VERSION, "fazhi.ledger_uid": snap.ledger_uid or "",
            "fazhi.unit_uid": snap.unit_uid or "", "fazhi.unit": snap.ledger.unit_name, "fazhi.year": snap.ledger.year,
            "fazhi.template": snap.template_name, "fazhi.template_key": snap.template_key,
            "fazhi.template_version": snap.template_version, "fazhi.exported_at": snap.taken_at.isoformat(),
            "fazhi.log_position": snap.log_position}


def export_progress_workbook(store, ledger_id: int, out_path: Path | str, *, progress=None, cancel=None,
                             today: date | None = None) -> Path:
    """The officer's export, atomically, where export_target allows it; progress(done, total) and cancel
    (an Event) are optional."""
    return write_progress_workbook(store, ledger_id, export_target.checked(store, out_path), progress=progress,
                                   cancel=cancel, today=today)


def write_progress_workbook(store, ledger_id: int, out_path: Path | str, *, progress=None, cancel=None,
                            today: date | None = None) -> Path:
    """The workbook written anywhere, the data folder included (the year lock keeps its snapshot there)."""
    steps = Steps(1, progress, cancel)
    steps.check()
    return write_workbook(*take(store, ledger_id, today), out_path, steps)


def take(store, ledger_id: int, today: date | None = None) -> tuple[LedgerSnapshot, YearComparison | None]:
    """What the workbook shows, read in one read transaction: the ledger and its comparison with last year."""
    with snapshot_repo.consistent_read(store.db):
        snap = snapshot.take(store, ledger_id, today)
        return snap, year_compare.compare_with_last_year(store, snap)


def write_workbook(snap: LedgerSnapshot, comparison: YearComparison | None, out_path: Path | str,
                   steps: Steps) -> Path:
    """The workbook of one snapshot and its comparison (nothing else is read)."""
    out_path = Path(out_path)
    proofs = register_export.register_proofs(snap)
    catalog_rows = sum(max(1, len(e.files)) * len(e.item_ids) for e in snap.evidence)
    steps.total = max(1, len(snap.items) * 2 + catalog_rows + sum(map(len, proofs.values()))
                      + snap.row_count() + len(snap.indicators))
    with new_workbook(out_path, snap.ledger.label, properties(snap)) as book:
        workbook_cover.write_cover(book, snap, snap.signers, comparison)
        _summary(book, snap)
        if comparison is not None:
            workbook_cover.write_comparison(book, comparison)
        _tasks(book, snap, _indicator_texts(snap), steps)
        _catalog(book, snap, proofs, steps)
        _open_items(book, snap, steps)
        _indicators(book, snap, steps)
        register_export.write_register_sheets(book, snap, steps)
        steps.check()
    return out_path


def _summary(book, snap: LedgerSnapshot) -> None:
    stamp = snap.taken_at.strftime("%Y-%m-%d %H:%M")
    sheet = SheetWriter(book, "汇总", SUMMARY, title=f"{snap.ledger.label}　进度汇总（导出于 {stamp}）")
    for part in snap.parts():
        tally = snap.part_tallies.get(part.id, progress_rules.Tally(0, 0, 0))
        sheet.add(_tally_cells(sheet, part.code, part.title, tally))
    sheet.add(_tally_cells(sheet, "合计", "", snap.overall), bold=True, total=True)
    sheet.finish()


def _tally_cells(sheet: SheetWriter, code: str, title: str, tally: progress_rules.Tally) -> list:
    """条目数 counts every 条目 (progress.is_checklist_item); 完成率 is over those that apply."""
    return [code, title, tally.items, tally.items - tally.applicable, tally.done, sheet.percent(tally.ratio),
            tally.evidence]


def task_values(item: snapshot.Item, indicator_text: str) -> dict:
    """An item's 任务清单 fields by schema key: what the officer sees (落实结果 and its reason apart)."""
    return {"code": item.code, "part": item.part_title.split("，")[0], "title": item.title,  # part's short name
            "obligation": item.obligation, "department": item.department, "owner": item.owner,
            "due_date": item.due_date, "progress": item.progress, "result": item.effective_result,
            "na_reason": item.shown_na_reason, "evidence_count": item.evidence_count,
            "last_evidence_on": item.last_evidence_on, "indicators": indicator_text, "remark": item.remark}


def _tasks(book, snap: LedgerSnapshot, indicator_texts: dict, steps: Steps) -> None:
    sheet = SheetWriter(book, "任务清单", TASKS)
    for item in snap.items:
        steps.step()
        if not item.is_checklist_item:
            continue
        values = task_values(item, indicator_texts.get(item.id, ""))
        sheet.add([*(f.to_cell(values[f.key]) for f in TASK_FIELDS), item.uid])
    sheet.finish()


def _catalog(book, snap: LedgerSnapshot, proofs: dict, steps: Steps) -> None:
    """Per item in checklist order: its evidence entries (a row per file), then the register entries linked to
    it, each with its 来源. An item's rows name exactly the pieces its 佐证数 counts."""
    sheet = SheetWriter(book, "佐证材料目录", CATALOG)
    for item in snap.items:
        for entry in snap.evidence_of(item.id):
            source = _evidence_source(entry.documents)
            for file in entry.files or (None,):
                steps.step()
                sheet.add([item.code, entry.formed_on, entry.title, entry.kind,
                           file.name if file else "", source, file.sha256 if file else "", entry.uid])
        for proof in proofs.get(item.id, ()):
            steps.step()
            sheet.add([item.code, proof.on, proof.title, REGISTER_KIND, proof.where, proof.source, "", proof.uid])
    sheet.finish()


def _evidence_source(documents: tuple) -> str:
    """佐证材料, or 佐证材料（附于合法性审查登记） when it documents a register entry."""
    if not documents:
        return EVIDENCE_SOURCE
    entities = dict.fromkeys(entity for entity, _id in documents)
    return f"{EVIDENCE_SOURCE}（附于{'、'.join(REGISTER_LABELS.get(e, e) for e in entities)}）"


def _open_items(book, snap: LedgerSnapshot, steps: Steps) -> None:
    sheet = SheetWriter(book, "未完成事项", OPEN_ITEMS)
    for item in snap.items:
        steps.step()
        if not item.is_checklist_item or progress_rules.is_done(item) or not progress_rules.is_applicable(item):
            continue
        overdue = OVERDUE_TEXT if progress_rules.is_overdue(item, snap.today) else ""
        sheet.add([item.code, item.title, item.department, item.owner, item.due_date, item.progress, overdue,
                   item.uid])
    sheet.finish()


def _indicator_texts(snap: LedgerSnapshot) -> dict[int, str]:
    """Item id → its indicator values, one line each (for the 任务清单 row)."""
    texts: dict[int, list[str]] = {}
    for row in snap.indicators:
        texts.setdefault(row.item_id, []).append(row.status.text)
    return {item_id: "\n".join(lines) for item_id, lines in texts.items()}


def _indicators(book, snap: LedgerSnapshot, steps: Steps) -> None:
    sheet = SheetWriter(book, "指标完成情况", INDICATORS)
    for row in snap.indicators:
        steps.step()
        status = row.status
        sheet.add([status.code, status.item_title, status.name, status.unit, _number(status.target),
                   _number(status.value), status.source, status.verdict, row.item_uid, row.key])
    sheet.finish()


def _number(value: float | None):
    """832.0 as 832: counts are whole numbers; 12.5 学时/人 stays as it is."""
    return int(value) if value is not None and float(value).is_integer() else value
