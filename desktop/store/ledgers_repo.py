"""Units, year ledgers and their items."""

import json
from datetime import date
from functools import cache

from desktop.domain import progress
from desktop.domain.models import Indicator, Ledger, LedgerItem
from desktop.store import evidence_repo
from desktop.store.connection import Database, now_text
from desktop.store.operations import Operation

_LEDGER_SELECT = (
    "SELECT l.id, l.unit_id, u.name AS unit_name, l.year, l.template_id, t.name AS template_name, "
    "l.locked_at, l.locked_by FROM ledger l JOIN unit u ON u.id = l.unit_id "
    "JOIN template t ON t.id = l.template_id"
)


def ensure_unit(op: Operation, name: str) -> int:
    row = op.db.execute("SELECT id FROM unit WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    return op.insert("unit", {"name": name, "created_at": now_text()})


def list_ledgers(db: Database) -> list[Ledger]:
    return [Ledger(**row) for row in db.query(_LEDGER_SELECT + " ORDER BY u.name, l.year DESC")]


def get_ledger(db: Database, ledger_id: int) -> Ledger | None:
    rows = list(db.query(_LEDGER_SELECT + " WHERE l.id = ?", [ledger_id]))
    return Ledger(**rows[0]) if rows else None


def find_ledger(db: Database, unit_id: int, year: int) -> int | None:
    row = db.execute("SELECT id FROM ledger WHERE unit_id = ? AND year = ?", [unit_id, year]).fetchone()
    return row[0] if row else None


def create_ledger(op: Operation, unit_id: int, year: int, template_id: int,
                  template_nodes: list[dict]) -> int:
    """One ledger item per template node, keeping the tree."""
    ledger_id = op.insert("ledger", {"unit_id": unit_id, "year": year, "template_id": template_id,
                                     "created_at": now_text()})
    op.for_ledger(ledger_id)
    item_of_node: dict[int, int] = {}
    stamp = now_text()
    for node in template_nodes:
        item_of_node[node["id"]] = op.insert("ledger_item", {
            "ledger_id": ledger_id, "node_id": node["id"],
            "parent_id": item_of_node.get(node["parent_id"]), "level": node["level"],
            "code": node["code"], "sort_order": node["sort_order"], "updated_at": stamp,
        })
    return ledger_id


# the evidence count from covering indexes alone: a join with evidence costs 20x as much on a large ledger
_ITEM_SELECT = f"""
SELECT li.id, li.ledger_id, li.parent_id, li.level, li.code, n.title, n.obligation, n.basis,
       n.evidence_kinds, n.applicability, n.note, n.indicators, li.progress, li.result, li.na_reason,
       li.department, li.owner, li.due_date, li.remark, {evidence_repo.item_evidence_count_sql("li.id")}
FROM ledger_item li JOIN template_node n ON n.id = li.node_id
"""


@cache  # one entry per distinct template text; the tuples are immutable, so shared safely
def _evidence_kinds(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


@cache
def _indicators(text: str) -> tuple[Indicator, ...]:
    return tuple(Indicator(**i) for i in json.loads(text))


def _item_from_row(r: tuple) -> LedgerItem:
    """A row of _ITEM_SELECT, by position (the window's start-up reads 600 of these)."""
    return LedgerItem(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], _evidence_kinds(r[8]), r[9], r[10],
                      _indicators(r[11]), r[12], r[13], r[14], r[15], r[16],
                      date.fromisoformat(r[17]) if r[17] else None, r[18], evidence_count=r[19])


def items(db: Database, ledger_id: int) -> list[LedgerItem]:
    """All items in display order, with indicator values and evidence counts filled in."""
    found = [_item_from_row(r) for r in db.execute(
        _ITEM_SELECT + " WHERE li.ledger_id = ? ORDER BY li.sort_order", [ledger_id])]
    by_id = {i.id: i for i in found}
    for item_id, key, value in db.execute(
            "SELECT v.ledger_item_id, v.key, v.value FROM indicator_value v "
            "JOIN ledger_item li ON li.id = v.ledger_item_id WHERE li.ledger_id = ?", [ledger_id]):
        by_id[item_id].indicator_values[key] = value
    return found


def last_evidence_dates(db: Database, ledger_id: int) -> dict[int, date]:
    """Item id → 形成日期 of its newest evidence (only the export needs it)."""
    return {row[0]: date.fromisoformat(row[1]) for row in db.execute(
        "SELECT ei.ledger_item_id, max(e.formed_on) FROM evidence_item ei JOIN evidence e ON e.id = ei.evidence_id "
        "WHERE e.ledger_id = ? GROUP BY ei.ledger_item_id", [ledger_id]).fetchall() if row[1]}


def get_item(db: Database, item_id: int) -> LedgerItem | None:
    row = db.execute(_ITEM_SELECT + " WHERE li.id = ?", [item_id]).fetchone()
    if row is None:
        return None
    item = _item_from_row(row)
    for key, value in db.execute("SELECT key, value FROM indicator_value WHERE ledger_item_id = ?", [item_id]):
        item.indicator_values[key] = value
    return item


_EDITABLE = ("progress", "result", "na_reason", "department", "owner", "due_date", "remark")


def _stored_fields(item: LedgerItem) -> dict:
    """The fields as the officer sees them: a template 不适用 reads as 不适用 with its reason, so saving the
    panel unchanged writes and logs nothing."""
    fields = {key: getattr(item, key) for key in _EDITABLE}
    if progress.effective_result(item) != item.result:
        fields["result"], fields["na_reason"] = progress.effective_result(item), progress.na_reason(item)
    fields["due_date"] = item.due_date.isoformat() if item.due_date else None
    return fields


def item_changes(item: LedgerItem, fields: dict,
                 indicator_values: dict[str, float | None] | None = None) -> tuple[dict, dict]:
    """(the columns that differ from the item, the indicator values that differ): what an edit changes."""
    before = _stored_fields(item)
    after = {k: v for k, v in fields.items() if k in _EDITABLE}
    if "due_date" in after:
        after["due_date"] = after["due_date"].isoformat() if after["due_date"] else None
    columns = {k: v for k, v in after.items() if before.get(k) != v}
    values = {k: v for k, v in (indicator_values or {}).items() if item.indicator_values.get(k) != v}
    return columns, values


def update_item(op: Operation, item: LedgerItem, columns: dict, values: dict[str, float | None]) -> None:
    """Write what item_changes found (a cleared indicator keeps its row with no value, as before)."""
    if columns:
        op.update("ledger_item", item.id, {**columns, "updated_at": now_text()})
    for key, value in values.items():
        op.upsert("indicator_value", {"ledger_item_id": item.id, "key": key, "value": value},
                  pk=("ledger_item_id", "key"))


def owners(db: Database, ledger_id: int) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT owner FROM ledger_item WHERE ledger_id = ? AND owner != '' ORDER BY owner",
        [ledger_id]).fetchall()]
