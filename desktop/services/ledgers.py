"""Year ledgers: create from a template, read the tree, edit items, search."""

from dataclasses import dataclass
from datetime import date

from desktop.domain import progress
from desktop.domain.errors import UserError
from desktop.domain.models import Ledger, LedgerItem
from desktop.domain.validation import validate_item_fields
from desktop.services import templates
from desktop.store import change_log, evidence_repo, ledgers_repo, templates_repo
from desktop.store.connection import transaction
from desktop.store.store import Store


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


def create_ledger(store: Store, unit_name: str, year: int, template_id: int | None = None) -> int:
    """One transaction (BEGIN IMMEDIATE), the existence check inside it: of two programs creating the same
    year at once exactly one wins, the other is told it exists."""
    unit_name = " ".join((unit_name or "").split())
    if not unit_name:
        raise UserError("请填写单位名称。")
    if not 2000 <= year <= 2100:
        raise UserError("年度应在 2000 至 2100 之间。")
    builtin = templates.builtin_for_year(year) if template_id is None else None  # the version for its year
    with transaction(store.db):
        if builtin is not None:
            template_id = templates.install(store.db, builtin)
        unit_id = ledgers_repo.ensure_unit(store.db, unit_name)
        if ledgers_repo.find_ledger(store.db, unit_id, year):
            raise UserError(f"{unit_name} 的 {year} 年度台账已经存在。")
        nodes = templates_repo.nodes(store.db, template_id)
        return ledgers_repo.create_ledger(store.db, unit_id, year, template_id, nodes)


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


def update_item(store: Store, item_id: int, fields: dict, indicator_values: dict | None = None) -> int:
    item = ledgers_repo.get_item(store.db, item_id)
    if item is None:
        raise UserError("找不到该台账条目。")
    ensure_writable(store, item.ledger_id)
    merged = {"result": item.result, "na_reason": item.na_reason, **fields}
    cleaned = validate_item_fields(merged)
    return ledgers_repo.update_item(store.db, item_id, cleaned, indicator_values)


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
