"""Register entries (专项台账): one table per register, links to ledger items and to evidence, training
attendance, and the change log of every write. Entity names are the table names."""

import json
from datetime import date

from desktop.domain import registers as rules
from desktop.store.connection import Database, now_text
from desktop.store.operations import Operation

_ORDER = {rules.REVIEW: "received_on, id", rules.CASE: "decision_on IS NULL, decision_on, case_no, id",
          rules.ADVISER: "name, id", rules.SERVICE: "served_on, id", rules.TRAINING: "held_on, id",
          rules.OFFICER: "name, id", rules.MATTER: "received_on, id",
          rules.PUBLICITY: "held_on, id"}
# entity → (referencing table, its column, Chinese noun): an entry still referenced cannot be deleted
_REFERENCED_BY = {rules.REVIEW: ("enforcement_case", "legality_review_id", "个执法案件关联为法制审核"),
                  rules.ADVISER: ("adviser_service", "adviser_id", "条服务记录"),
                  rules.OFFICER: ("training_attendance", "officer_id", "条培训学时记录")}


UNIT_PEOPLE = (rules.ADVISER, rules.OFFICER)


def _table(entity: str) -> str:
    if entity not in rules.ENTITIES:
        raise ValueError(f"unknown register: {entity}")
    return entity


def stored(values: dict) -> dict:
    """Column values as stored and logged: ISO dates, 0/1 booleans."""
    out = {}
    for key, value in values.items():
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        out[key] = value
    return out


def _parse(entity: str, row: dict) -> dict:
    values = {}
    for f in rules.column_fields(entity):
        value, kind = row[f.name], f.metadata["kind"]
        if kind == "date":
            value = date.fromisoformat(value) if value else None
        elif kind == "bool":
            value = bool(value)
        elif kind == "float":
            value = float(value) if value is not None else None
        values[f.name] = value
    return values


def _entry(entity: str, row: dict, item_ids=(), attendance=()):
    extra = {"attendance": tuple(attendance)} if entity == rules.TRAINING else {}
    return rules.ENTRY_CLASSES[entity](id=row["id"], ledger_id=row["ledger_id"], **_parse(entity, row),
                                       item_ids=tuple(item_ids), **extra)


def snapshot(entity: str, entry) -> dict:
    """An entry as the change log keeps it."""
    data = stored({f.name: getattr(entry, f.name) for f in rules.column_fields(entity)})
    data["item_ids"] = list(entry.item_ids)
    if entity == rules.TRAINING:
        data["attendance"] = [[a.officer_id, a.hours] for a in entry.attendance]
    return data


def create(op: Operation, entity: str, ledger_id: int, values: dict, item_ids, attendance=()) -> int:
    stamp = now_text()
    row = {"ledger_id": ledger_id, **stored(values), "created_at": stamp, "updated_at": stamp}
    if entity in UNIT_PEOPLE:  # advisers and officers belong to the unit, not to one year
        row["unit_id"] = op.db.execute("SELECT unit_id FROM ledger WHERE id = ?", [ledger_id]).fetchone()[0]
    entry_id = op.insert(_table(entity), row)
    _set_links(op, entity, entry_id, item_ids)
    if entity == rules.TRAINING:
        _set_attendance(op, entry_id, attendance)
    return entry_id


def edit(op: Operation, entity: str, entry_id: int, values: dict, item_ids, attendance=()) -> int:
    """Write the values, links (and attendance) that differ. Returns how many fields changed."""
    before = get(op.db, entity, entry_id)
    old = snapshot(entity, before)
    columns = {k: v for k, v in stored(values).items() if old.get(k) != v}
    if columns:
        op.update(_table(entity), entry_id, {**columns, "updated_at": now_text()})
    changed = len(columns)
    if sorted(set(item_ids)) != sorted(old["item_ids"]):
        _set_links(op, entity, entry_id, item_ids)
        changed += 1
    if entity == rules.TRAINING and sorted([a.officer_id, a.hours] for a in attendance) != old["attendance"]:
        _set_attendance(op, entry_id, attendance)
        changed += 1
    return changed


def delete(op: Operation, entity: str, entry_id: int) -> None:
    """Delete an entry; its rows and links stay in the change log (links go with it: triggers)."""
    op.delete(_table(entity), entry_id)


def get(db: Database, entity: str, entry_id: int):
    rows = list(db.query(f"SELECT * FROM [{_table(entity)}] WHERE id = ?", [entry_id]))
    if not rows:
        return None
    links = _links(db, entity, [entry_id])
    attendance = _attendance(db, [entry_id]) if entity == rules.TRAINING else {}
    return _entry(entity, rows[0], links.get(entry_id, ()), attendance.get(entry_id, ()))


def _scope(entity: str) -> str:
    """The entries a ledger sees: its own, and for advisers and officers every one of its unit (next
    year's ledger does not retype them; what they did in a year is that year's services and attendance)."""
    if entity in UNIT_PEOPLE:
        return "unit_id = (SELECT unit_id FROM ledger WHERE id = ?)"
    return "ledger_id = ?"


def for_ledger(db: Database, entity: str, ledger_id: int) -> list:
    rows = list(db.query(f"SELECT * FROM [{_table(entity)}] WHERE {_scope(entity)} ORDER BY {_ORDER[entity]}",
                         [ledger_id]))
    ids = [r["id"] for r in rows]
    links = _links(db, entity, ids)
    attendance = _attendance(db, ids) if entity == rules.TRAINING else {}
    return [_entry(entity, r, links.get(r["id"], ()), attendance.get(r["id"], ())) for r in rows]


def count_for_ledger(db: Database, entity: str, ledger_id: int) -> int:
    return db.execute(f"SELECT count(*) FROM [{_table(entity)}] WHERE {_scope(entity)}", [ledger_id]).fetchone()[0]


def visible_from(db: Database, entity: str, ledger_id: int, entry_ids) -> set[int]:
    """Of these entries, the ones the ledger sees (its own; advisers and officers of its unit)."""
    if not entry_ids:
        return set()
    return {r[0] for r in db.execute(f"SELECT id FROM [{_table(entity)}] WHERE id IN ({_in(entry_ids)}) "
                                     f"AND {_scope(entity)}", [ledger_id])}


def _in(ids) -> str:
    return ", ".join(str(int(i)) for i in ids)


def _links(db, entity: str, entry_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    if not entry_ids:
        return found
    for entry_id, item_id in db.execute(
            f"SELECT entity_id, ledger_item_id FROM register_item_link WHERE entity = ? "
            f"AND entity_id IN ({_in(entry_ids)}) ORDER BY entity_id, ledger_item_id", [entity]).fetchall():
        found.setdefault(entry_id, []).append(item_id)
    return found


def _set_links(op: Operation, entity: str, entry_id: int, item_ids) -> None:
    have = set(_links(op.db, entity, [entry_id]).get(entry_id, ()))
    wanted = set(item_ids)
    for item_id in sorted(have - wanted):
        op.delete("register_item_link", (entity, entry_id, item_id))
    op.insert_all("register_item_link", [{"entity": entity, "entity_id": entry_id, "ledger_item_id": i}
                                         for i in sorted(wanted - have)])


def _attendance(db, training_ids: list[int]) -> dict[int, list[rules.Attendance]]:
    found: dict[int, list[rules.Attendance]] = {}
    if not training_ids:
        return found
    for training_id, officer_id, hours in db.execute(
            f"SELECT training_id, officer_id, hours FROM training_attendance "
            f"WHERE training_id IN ({_in(training_ids)}) ORDER BY training_id, officer_id").fetchall():
        found.setdefault(training_id, []).append(rules.Attendance(officer_id, float(hours)))
    return found


def _set_attendance(op: Operation, training_id: int, attendance) -> None:
    op.delete_where("training_attendance", "training_id = ?", [training_id])
    op.insert_all("training_attendance", [{"training_id": training_id, "officer_id": a.officer_id,
                                           "hours": a.hours} for a in attendance])


def links_for_item(db: Database, ledger_item_id: int) -> list[tuple[str, int]]:
    return [tuple(r) for r in db.execute(
        "SELECT entity, entity_id FROM register_item_link WHERE ledger_item_id = ? ORDER BY entity, entity_id",
        [ledger_item_id]).fetchall()]


def item_ids_by_code(db: Database, ledger_id: int) -> dict[str, int]:
    return dict(db.execute("SELECT code, id FROM ledger_item WHERE ledger_id = ?", [ledger_id]).fetchall())


def ledger_of_items(db: Database, item_ids) -> dict[int, int]:
    """Item id → its ledger id (ids that do not exist are missing from the answer)."""
    if not item_ids:
        return {}
    return dict(db.execute(f"SELECT id, ledger_id FROM ledger_item WHERE id IN ({_in(item_ids)})").fetchall())


def item_ledger(db: Database, ledger_item_id: int) -> int | None:
    row = db.execute("SELECT ledger_id FROM ledger_item WHERE id = ?", [ledger_item_id]).fetchone()
    return row[0] if row else None


def reference_count(db: Database, entity: str, entry_id: int) -> tuple[int, str]:
    """How many rows still point at this entry, and what they are called."""
    if entity not in _REFERENCED_BY:
        return 0, ""
    table, column, noun = _REFERENCED_BY[entity]
    count = db.execute(f"SELECT count(*) FROM [{table}] WHERE [{column}] = ?", [entry_id]).fetchone()[0]
    return count, noun


def case_no_taken(db: Database, ledger_id: int, case_no: str, except_id: int | None) -> bool:
    return db.execute("SELECT 1 FROM enforcement_case WHERE ledger_id = ? AND case_no = ? AND id IS NOT ?",
                      [ledger_id, case_no, except_id]).fetchone() is not None


def ledger_of_entries(db: Database, entity: str, entry_ids) -> dict[int, int]:
    if not entry_ids:
        return {}
    return dict(db.execute(f"SELECT id, ledger_id FROM [{_table(entity)}] WHERE id IN ({_in(entry_ids)})").fetchall())


# --- evidence documenting an entry ---------------------------------------------------------------------

def link_evidence(op: Operation, entity: str, entry_id: int, evidence_id: int) -> None:
    op.insert("register_evidence", {"entity": _table(entity), "entity_id": entry_id, "evidence_id": evidence_id},
              ignore=True)


def unlink_evidence(op: Operation, entity: str, entry_id: int, evidence_id: int) -> None:
    op.delete_where("register_evidence", "entity = ? AND entity_id = ? AND evidence_id = ?",
                    [_table(entity), entry_id, evidence_id])


def evidence_title(db: Database, evidence_id: int) -> str:
    row = db.execute("SELECT title FROM evidence WHERE id = ?", [evidence_id]).fetchone()
    return row[0] if row else ""


def evidence_ids(db: Database, entity: str, entry_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT evidence_id FROM register_evidence WHERE entity = ? AND entity_id = ? ORDER BY evidence_id",
        [entity, entry_id]).fetchall()]


def entries_for_evidence(db: Database, evidence_id: int) -> list[tuple[str, int]]:
    return [tuple(r) for r in db.execute(
        "SELECT entity, entity_id FROM register_evidence WHERE evidence_id = ? ORDER BY entity, entity_id",
        [evidence_id]).fetchall()]


def file_counts(db: Database, entity: str, entry_ids) -> dict[int, int]:
    """Entry id → number of files attached to the evidence that documents it."""
    if not entry_ids:
        return {}
    return dict(db.execute(
        f"SELECT re.entity_id, count(a.id) FROM register_evidence re JOIN attachment a "
        f"ON a.evidence_id = re.evidence_id WHERE re.entity = ? AND re.entity_id IN ({_in(entry_ids)}) "
        f"GROUP BY re.entity_id", [entity]).fetchall())


# --- ledger items the deadline list needs ------------------------------------------------------------

def items_by_code(db: Database, ledger_id: int, codes) -> dict[str, dict]:
    """code → {id, progress, result, applicability, values: {indicator key: value}} of those items."""
    codes = list(codes)
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    found = {r["code"]: {**r, "values": {}} for r in db.query(
        f"SELECT li.id, li.code, li.progress, li.result, n.applicability FROM ledger_item li "
        f"JOIN template_node n ON n.id = li.node_id WHERE li.ledger_id = ? AND li.code IN ({marks})",
        [ledger_id, *codes])}
    by_id = {r["id"]: r for r in found.values()}
    if by_id:
        for item_id, key, value in db.execute(
                f"SELECT ledger_item_id, key, value FROM indicator_value WHERE ledger_item_id IN ({_in(by_id)})"
        ).fetchall():
            by_id[item_id]["values"][key] = value
    return found


def indicator_items(db: Database, ledger_id: int, keys) -> list[dict]:
    """{id, key} for each item of the ledger whose template defines one of these indicator keys."""
    wanted = set(keys)
    if not wanted:
        return []
    found = []
    for item_id, indicators in db.execute(
            "SELECT li.id, n.indicators FROM ledger_item li JOIN template_node n ON n.id = li.node_id "
            "WHERE li.ledger_id = ? AND n.indicators != '[]' ORDER BY li.sort_order", [ledger_id]).fetchall():
        found.extend({"id": item_id, "key": i["key"]} for i in json.loads(indicators) if i["key"] in wanted)
    return found
