"""Year ledgers: create from a template, read the tree, edit items, search."""

from dataclasses import dataclass
from datetime import date

from desktop.domain import progress
from desktop.domain.errors import UserError
from desktop.domain.models import Ledger, LedgerItem
from desktop.domain.validation import validate_item_fields
from desktop.services import templates
from desktop.store import change_log, evidence_repo, ledgers_repo, operations, templates_repo
from desktop.store.operations import Changes
from desktop.store.store import Store

FIELD_NAMES = {"progress": "进度", "result": "落实结果", "na_reason": "不适用理由", "department": "责任科室",
               "owner": "责任人", "due_date": "完成时限", "remark": "备注"}


@dataclass(frozen=True)
class LedgerView:
    ledger: Ledger
    items: list[LedgerItem]
    part_tallies: dict[int, progress.Tally]
    overall: progress.Tally


def list_ledgers(store: Store) -> list[Ledger]:
    return ledgers_repo.list_ledgers(store.db)


def get_ledger(store: Store, ledger_id: int) -> Ledger:
    ledger = ledgers_repo.get_ledger(store.db, ledger_id)
    if ledger is None:
        raise UserError("找不到该年度台账，可能已被删除。")
    return ledger


def create_ledger(store: Store, unit_name: str, year: int, template_id: int | None = None) -> Changes:
    """One operation (BEGIN IMMEDIATE), the existence check inside it: of two programs creating the same
    year at once exactly one wins, the other is told it exists. The new ledger's id is in .result."""
    unit_name = " ".join((unit_name or "").split())
    if not unit_name:
        raise UserError("请填写单位名称。")
    if not 2000 <= year <= 2100:
        raise UserError("年度应在 2000 至 2100 之间。")
    builtin = templates.load_template(templates.builtin_template_path()) if template_id is None else None

    def create(op):
        chosen = templates.install(store.db, builtin) if builtin is not None else template_id
        unit_id = ledgers_repo.ensure_unit(op, unit_name)
        if ledgers_repo.find_ledger(store.db, unit_id, year):
            raise UserError(f"{unit_name} 的 {year} 年度台账已经存在。")
        nodes = templates_repo.nodes(store.db, chosen)
        return ledgers_repo.create_ledger(op, unit_id, year, chosen, nodes)

    return operations.run(store.db, f"新建 {year} 年度台账", create)


def load_view(store: Store, ledger_id: int) -> LedgerView:
    items = ledgers_repo.items(store.db, ledger_id)
    return LedgerView(ledger=get_ledger(store, ledger_id), items=items,
                      part_tallies=progress.tally_by_part(items), overall=progress.tally(items))


def last_evidence_dates(store: Store, ledger_id: int) -> dict[int, date]:
    return ledgers_repo.last_evidence_dates(store.db, ledger_id)


def ensure_writable(store: Store, ledger_id: int) -> None:
    ledger = get_ledger(store, ledger_id)
    if ledger.locked_at:
        raise UserError(f"{ledger.label}已于 {ledger.locked_at} 报送锁定，不能修改。如需修改，请先解除锁定。")


def _edit_label(codes: list[str], fields) -> str:
    names = "、".join(dict.fromkeys(FIELD_NAMES.get(f, "指标") for f in fields)) or "内容"
    if len(codes) == 1:
        return f"修改 {codes[0]} 的{names}"
    return f"批量设置 {len(codes)} 项的{names}"


def _checked_edit(store: Store, item: LedgerItem, fields: dict, indicator_values: dict | None):
    merged = {"result": item.result, "na_reason": item.na_reason, **fields}
    return ledgers_repo.item_changes(item, validate_item_fields(merged), indicator_values)


def update_item(store: Store, item_id: int, fields: dict, indicator_values: dict | None = None) -> Changes:
    """One operation "修改 3.2 的进度、责任人"; .result is how many fields changed (0: no operation)."""
    def edit(op):
        item = get_item(store, item_id)
        ensure_writable(store, item.ledger_id)
        columns, values = _checked_edit(store, item, fields, indicator_values)
        op.relabel(_edit_label([item.code], [*columns, *values]))
        ledgers_repo.update_item(op, item, columns, values)
        return len(columns) + len(values)

    return operations.run(store.db, "修改台账条目", edit, get_item(store, item_id).ledger_id)


def set_items_field(store: Store, item_ids, field: str, value) -> Changes:
    """One operation "批量设置 12 项的责任人": every item validated as a single edit would be; refused if
    any of them is on a locked ledger. .result is how many items changed."""
    if field not in FIELD_NAMES:
        raise ValueError(f"ledger_item has no editable field {field}")
    ids = list(dict.fromkeys(item_ids))

    def edit(op):
        found = [get_item(store, i) for i in ids]
        for ledger_id in sorted({i.ledger_id for i in found}):
            ensure_writable(store, ledger_id)
        changed = 0
        for item in found:
            columns, _ = _checked_edit(store, item, {field: value}, None)
            ledgers_repo.update_item(op, item, columns, {})
            changed += bool(columns)
        return changed

    ledger_id = ledgers_repo.get_item(store.db, ids[0]).ledger_id if ids else None
    return operations.run(store.db, f"批量设置 {len(ids)} 项的{FIELD_NAMES[field]}", edit, ledger_id)


def get_item(store: Store, item_id: int) -> LedgerItem:
    item = ledgers_repo.get_item(store.db, item_id)
    if item is None:
        raise UserError("找不到该台账条目。")
    return item


def owners(store: Store, ledger_id: int) -> list[str]:
    return ledgers_repo.owners(store.db, ledger_id)


def search(store: Store, ledger_id: int, items: list[LedgerItem], term: str) -> set[int]:
    """Items whose code, title, obligation or any evidence text contains the term (any length)."""
    term = " ".join(term.split())
    if not term:
        return {i.id for i in items}
    hits = {i.id for i in items if term in i.code or term in i.title or term in i.obligation
            or term in i.remark}
    return hits | evidence_repo.item_ids_matching(store.db, ledger_id, term)


def overdue(items: list[LedgerItem], today: date | None = None) -> list[LedgerItem]:
    today = today or date.today()
    return [i for i in items if progress.is_overdue(i, today)]


def history(store: Store, entity: str, entity_id: int) -> list[dict]:
    return change_log.history(store.db, entity, entity_id)
