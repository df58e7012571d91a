"""The year-end Excel progress workbook: 汇总, 任务清单, 佐证材料目录, 未完成事项, 指标完成情况, then one sheet
per register (合法性审查台账, 行政执法案件台账, 法律顾问名册, 法律顾问服务台账, 学法培训台账, 执法人员培训学时)."""

from datetime import date, datetime
from itertools import groupby
from pathlib import Path

from desktop.domain import progress as progress_rules
from desktop.domain.models import Ledger, LedgerItem
from desktop.domain.registers import REGISTER_LABELS
from desktop.domain.text import clean_text
from desktop.services import ledgers, register_export, register_totals
from desktop.services.xlsx_sheets import HEADER_FONT, Column, SheetWriter, Steps, new_workbook, save
from desktop.store import evidence_repo
from desktop.store.store import Store

SUMMARY = [Column("部分", 8), Column("部分名称", 46, wrap=True), Column("条目数", 10), Column("不适用", 10),
           Column("已完成", 10), Column("完成率", 10), Column("佐证数", 10)]
TASKS = [Column("编码", 9), Column("部分", 24, wrap=True), Column("任务", 30, wrap=True),
         Column("要求", 44, wrap=True), Column("责任科室", 12, wrap=True), Column("责任人", 10),
         Column("完成时限", 12), Column("进度", 9), Column("落实结果", 10), Column("佐证数", 8),
         Column("最近佐证日期", 13), Column("指标完成值", 24, wrap=True), Column("备注", 24, wrap=True)]
INDICATORS = [Column("条目编码", 9), Column("条目名称", 26, wrap=True), Column("指标", 24, wrap=True),
              Column("单位", 8, wrap=True), Column("年度目标", 9), Column("完成值", 9), Column("数据来源", 13),
              Column("是否达标", 18, wrap=True)]
# 来源 after 文件名: readers of older exports find the file name in the fifth column still
CATALOG = [Column("条目编码", 10), Column("形成日期", 12), Column("标题", 44, wrap=True), Column("类别", 14),
           Column("文件名", 30), Column("来源", 16), Column("SHA-256", 68)]  # text too wide wraps by itself
EVIDENCE_SOURCE, REGISTER_KIND = "佐证材料", "专项台账登记"
OPEN_ITEMS = [Column("编码", 9), Column("任务", 40, wrap=True), Column("责任科室", 14, wrap=True),
              Column("责任人", 10), Column("完成时限", 12), Column("进度", 9), Column("是否逾期", 10)]
OVERDUE_TEXT = "已逾期"


def default_file_name(ledger: Ledger) -> str:
    unit = "".join(ch for ch in ledger.unit_name if ch not in '<>:"/\\|?*') or "台账"
    return f"{unit}{ledger.year}年度法治政府建设进度表.xlsx"


def _part_names(items: list[LedgerItem]) -> dict[int, LedgerItem]:
    """Ledger-item id → the part it belongs to (display order: parents first)."""
    part_of: dict[int, LedgerItem] = {}
    for item in items:
        if item.level == "part":
            part_of[item.id] = item
        elif item.parent_id in part_of:
            part_of[item.id] = part_of[item.parent_id]
    return part_of


def export_progress_workbook(store: Store, ledger_id: int, out_path: Path | str, *, progress=None,
                             cancel=None, today: date | None = None) -> Path:
    """Write the workbook atomically; progress(done, total) and cancel (an Event) are optional."""
    out_path = Path(out_path)
    today = today or date.today()
    view = ledgers.load_view(store, ledger_id)
    proofs = register_export.register_proofs(store, ledger_id)
    catalog_rows = evidence_repo.for_ledger_count(store.db, ledger_id) + sum(map(len, proofs.values()))
    register_rows = register_export.register_row_count(store, ledger_id)
    indicators = register_totals.indicator_statuses(store, ledger_id, view.items)
    steps = Steps(len(view.items) * 2 + catalog_rows + register_rows + len(indicators), progress, cancel)
    steps.check()
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    with new_workbook(view.ledger.label) as book:
        _summary(book, view, f"{view.ledger.label}　进度汇总（导出于 {stamp}）")
        _tasks(book, view, _part_names(view.items), _last_dates(store, ledger_id, proofs),
               _indicator_texts(indicators), steps)
        _catalog(book, store, view, proofs, steps)
        _open_items(book, view, today, steps)
        _indicators(book, indicators, steps)
        register_export.write_register_sheets(book, store, ledger_id, steps, today)
        steps.check()
        save(book, out_path)
    return out_path


def _summary(book, view: ledgers.LedgerView, title: str) -> None:
    sheet = SheetWriter(book, "汇总", SUMMARY, title=title)
    for part in (i for i in view.items if i.level == "part"):
        tally = view.part_tallies.get(part.id, progress_rules.Tally(0, 0, 0))
        sheet.add(_tally_cells(sheet, part.code, part.title, tally))
    sheet.add(_tally_cells(sheet, "合计", "", view.overall), font=HEADER_FONT, total=True)
    sheet.finish()


def _tally_cells(sheet: SheetWriter, code: str, title: str, tally: progress_rules.Tally) -> list:
    """条目数 counts every 条目 (progress.is_checklist_item); 完成率 is over those that apply."""
    return [code, title, tally.items, tally.items - tally.applicable, tally.done, sheet.percent(tally.ratio),
            tally.evidence]


def _tasks(book, view: ledgers.LedgerView, part_of: dict, last_dates: dict, indicator_texts: dict,
           steps: Steps) -> None:
    sheet = SheetWriter(book, "任务清单", TASKS)
    for item in view.items:
        steps.step()
        if item.level == "part":
            continue
        part = part_of.get(item.id)
        sheet.add([item.code, part.title.split("，")[0] if part else "",  # the part's short name
                   item.title, item.obligation, item.department,
                   item.owner, item.due_date, item.progress, progress_rules.result_text(item), item.evidence_count,
                   last_dates.get(item.id), indicator_texts.get(item.code, ""), item.remark])
    sheet.finish()


def _last_dates(store: Store, ledger_id: int, proofs: dict) -> dict[int, date]:
    """Item id → the date of its newest evidence, register entries included."""
    last = ledgers.last_evidence_dates(store, ledger_id)
    for item_id, entries in proofs.items():
        for on in (p.on for p in entries if p.on):
            last[item_id] = max(last.get(item_id, on), on)
    return last


def _catalog(book, store: Store, view: ledgers.LedgerView, proofs: dict, steps: Steps) -> None:
    """Per item in checklist order: its evidence entries (a row per file), then the register entries linked to
    it, each with its 来源. An item's rows name exactly the pieces its 佐证数 counts."""
    sheet = SheetWriter(book, "佐证材料目录", CATALOG)
    groups = groupby(evidence_repo.for_ledger(store.db, view.ledger.id), key=lambda row: row["item_id"])
    pending = next(groups, None)
    for item in view.items:
        if pending is not None and pending[0] == item.id:
            for row in pending[1]:
                steps.step()
                sheet.add([row["item_code"], date.fromisoformat(row["formed_on"]), row["title"], row["kind"],
                           clean_text(row["original_name"]), _evidence_source(row["documents"]),
                           row["sha256"] or ""])
            pending = next(groups, None)
        for proof in proofs.get(item.id, ()):
            steps.step()
            sheet.add([item.code, proof.on, proof.title, REGISTER_KIND, proof.where, proof.source, ""])
    sheet.finish()


def _evidence_source(documents: str | None) -> str:
    """佐证材料, or 佐证材料（附于合法性审查登记） when it documents a register entry."""
    if not documents:
        return EVIDENCE_SOURCE
    labels = "、".join(REGISTER_LABELS.get(e, e) for e in documents.split(","))
    return f"{EVIDENCE_SOURCE}（附于{labels}）"


def _open_items(book, view: ledgers.LedgerView, today: date, steps: Steps) -> None:
    sheet = SheetWriter(book, "未完成事项", OPEN_ITEMS)
    for item in view.items:
        steps.step()
        if item.level == "part" or progress_rules.is_done(item) or not progress_rules.is_applicable(item):
            continue
        overdue = OVERDUE_TEXT if progress_rules.is_overdue(item, today) else ""
        sheet.add([item.code, item.title, item.department, item.owner, item.due_date, item.progress, overdue])
    sheet.finish()


def _indicator_texts(indicators: list) -> dict[str, str]:
    """Item code → its indicator values, one line each (for the 任务清单 row)."""
    texts: dict[str, list[str]] = {}
    for status in indicators:
        texts.setdefault(status.code, []).append(status.text)
    return {code: "\n".join(lines) for code, lines in texts.items()}


def _indicators(book, indicators: list, steps: Steps) -> None:
    sheet = SheetWriter(book, "指标完成情况", INDICATORS)
    for status in indicators:
        steps.step()
        sheet.add([status.code, status.item_title, status.name, status.unit, _number(status.target),
                   _number(status.value), status.source, status.verdict])
    sheet.finish()


def _number(value: float | None):
    """832.0 as 832: counts are whole numbers; 12.5 学时/人 stays as it is."""
    return int(value) if value is not None and float(value).is_integer() else value
