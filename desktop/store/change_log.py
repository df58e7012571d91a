"""The append-only change log read back: who changed what, when, old → new.

Two kinds of rows live in it. Rows an older program wrote by hand (operation_id NULL): one per field with
plain-text old/new, or a whole entry as JSON for create/delete. Rows the triggers write inside an operation
(store/change_triggers.py): whole rows as JSON for insert/delete, one JSON-quoted value per changed column
for update, with table_name and row_key. `readable` turns both into the same flat shape (action, field,
old, new as text), folding the link rows of an entry created or deleted in one operation into that entry."""

import json

from desktop.store.connection import Database

BOOKKEEPING = frozenset({"id", "uid", "ledger_id", "unit_id", "created_at", "updated_at", "added_at"})
# link tables → the field of their owner they are
LINK_FIELDS = {"evidence_item": "item_ids", "register_item_link": "item_ids", "attachment": "attachment",
               "training_attendance": "attendance", "register_evidence": "evidence"}


def _rows(db: Database, where: str, args) -> list[dict]:
    return list(db.query(f"SELECT * FROM change_log WHERE {where} ORDER BY id", args))


def history(db: Database, entity: str, entity_id: int) -> list[dict]:
    return readable(db, _rows(db, "entity = ? AND entity_id = ?", [entity, entity_id]))


def entries_for_ledger(db: Database, ledger_id: int) -> list[dict]:
    return readable(db, _rows(db, "ledger_id = ?", [ledger_id]))


def operation_rows(db: Database, op_id: int) -> list[dict]:
    return readable(db, _rows(db, "operation_id = ?", [op_id]))


def _text(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _decoded(text: str | None):
    return None if text is None else json.loads(text)


def _is_entry_row(row: dict) -> bool:
    """The row of an entry itself created or deleted (a setting or a stored file's row is no entry)."""
    return row["table_name"] == row["entity"] and row["action"] in ("insert", "delete") \
        and row["entity_id"] is not None


def readable(db: Database, rows: list[dict]) -> list[dict]:
    """Both kinds of rows in one shape: {at, os_user, ledger_id, entity, entity_id, action, field, old, new,
    operation_id}; action is create/update/delete/restore (and lock/unlock of a ledger)."""
    entries = {(r["operation_id"], r["entity"], r["entity_id"]): {} for r in rows
               if r["operation_id"] is not None and _is_entry_row(r)}
    for r in rows:
        key = (r["operation_id"], r["entity"], r["entity_id"])
        if key in entries and not _is_entry_row(r) and r["action"] != "update":
            _fold(db, entries[key], r)
    out, deleted = [], set()
    for r in rows:
        key = (r["operation_id"], r["entity"], r["entity_id"])
        if r["operation_id"] is None:
            out.append(_line(r, r["action"], r["field"], r["old"], r["new"]))
            deleted |= {(r["entity"], r["entity_id"])} if r["action"] == "delete" else set()
        elif _is_entry_row(r):
            snapshot = {k: v for k, v in json.loads(r["new"] or r["old"]).items() if k not in BOOKKEEPING}
            snapshot |= entries[key]
            text = json.dumps(snapshot, ensure_ascii=False)
            if r["action"] == "delete":
                deleted.add((r["entity"], r["entity_id"]))
                out.append(_line(r, "delete", "", text, None))
            else:
                again = (r["entity"], r["entity_id"]) in deleted
                out.append(_line(r, "restore" if again else "create", "", None, text))
        elif key not in entries or r["action"] == "update":
            line = _change(db, r)
            if line is not None:
                out.append(line)
    return out


def _line(r: dict, action: str, field: str, old, new) -> dict:
    return {"at": r["at"], "os_user": r["os_user"], "ledger_id": r["ledger_id"], "entity": r["entity"],
            "entity_id": r["entity_id"], "action": action, "field": field, "old": old, "new": new,
            "operation_id": r["operation_id"]}


def _fold(db: Database, snapshot: dict, r: dict) -> None:
    """A link row of an entry created or deleted in the same operation becomes part of its snapshot."""
    data = json.loads(r["old"] or r["new"])
    table = r["table_name"]
    if table in ("evidence_item", "register_item_link"):
        snapshot.setdefault("item_ids", []).append(data["ledger_item_id"])
    elif table == "attachment":
        snapshot.setdefault("attachments", []).append(
            {k: data[k] for k in ("original_name", "sha256", "size", "media_type")})
    elif table == "training_attendance":
        snapshot.setdefault("attendance", []).append([data["officer_id"], data["hours"]])
    elif table == "register_evidence":
        snapshot.setdefault("evidence_ids", []).append(data["evidence_id"])
    elif table == "indicator_value":
        snapshot.setdefault("indicators", {})[data["key"]] = data["value"]


def _change(db: Database, r: dict) -> dict | None:
    """One trigger row that is a change of a field (bookkeeping columns are no change to report)."""
    table, action = r["table_name"], r["action"]
    if table == "blob":  # the file's own row: its attachment row says what the officer did
        return None
    if table == "setting":
        def value(text):
            return _text(_decoded(text)) if action == "update" else _text((_decoded(text) or {}).get("value"))

        return _line(r, "update", r["field"], value(r["old"]), value(r["new"]))
    if table == r["entity"]:  # a column of the entry itself
        if r["field"] in BOOKKEEPING:
            return None
        old, new = _decoded(r["old"]), _decoded(r["new"])
        if table == "ledger" and r["field"] in ("locked_at", "locked_by"):
            return _lock_line(db, r, old, new) if r["field"] == "locked_at" else None
        return _line(r, "update", r["field"], _text(old), _text(new))
    if action == "update":  # a column of a link row: indicator_value.value, training_attendance.hours
        column = r["field"].rsplit(".", 1)[-1]
        key = json.loads(r["row_key"])
        field = f"indicator:{key['key']}" if table == "indicator_value" else LINK_FIELDS.get(table, table)
        if column in BOOKKEEPING:
            return None
        return _line(r, "update", field, _text(_decoded(r["old"])), _text(_decoded(r["new"])))
    data = json.loads(r["new"] if action == "insert" else r["old"])
    field = f"indicator:{data['key']}" if table == "indicator_value" else LINK_FIELDS.get(table, table)
    value = _link_value(db, table, data)
    old, new = (None, value) if action == "insert" else (value, None)
    return _line(r, "update", field, old, new)


def _lock_line(db: Database, r: dict, old, new) -> dict:
    """A lock or unlock as one line, told from its seal row (as an older program logged it)."""
    seal: dict = {}
    for row in _rows(db, "operation_id = ? AND table_name = 'ledger_seal'", [r["operation_id"]]):
        if row["action"] == "insert":
            seal |= json.loads(row["new"])
        elif row["action"] == "update":
            seal[row["field"]] = _decoded(row["new"])
    if new:
        return _line(r, "lock", "", None, _text({k: seal.get(k) for k in
                                                  ("locked_by", "content_sha256", "snapshot_path", "note")}))
    locked_by = next((_decoded(x["old"]) for x in _rows(db, "operation_id = ? AND table_name = 'ledger' AND "
                                                            "field = 'locked_by'", [r["operation_id"]])), None)
    return _line(r, "unlock", "", _text({"locked_at": old, "locked_by": locked_by}),
                 _text({"reason": seal.get("unlock_reason"), "unlocked_by": seal.get("unlocked_by")}))


def _link_value(db: Database, table: str, data: dict) -> str | None:
    """What a link row names, as the officer knows it: the item's code, the file's name, …"""
    if table in ("evidence_item", "register_item_link"):
        row = db.execute("SELECT code FROM ledger_item WHERE id = ?", [data["ledger_item_id"]]).fetchone()
        return row[0] if row else str(data["ledger_item_id"])
    if table == "attachment":
        return data["original_name"]
    if table == "indicator_value":
        return _text(data["value"])
    if table == "training_attendance":
        row = db.execute("SELECT name FROM enforcement_officer WHERE id = ?", [data["officer_id"]]).fetchone()
        return f"{row[0] if row else data['officer_id']}（{data['hours']:g} 学时）"
    if table == "register_evidence":
        return str(data["evidence_id"])
    return json.dumps(data, ensure_ascii=False)


def deletions(db: Database, ledger_id: int, entity: str) -> list[dict]:
    """Deleted entries not restored since, newest first: {entity_id, at, os_user, old (the entry as it was,
    JSON, with item_ids and attachments), operation_id}."""
    found = list(db.query(
        "SELECT d.id, d.entity_id, d.operation_id FROM change_log d WHERE d.ledger_id = ? AND d.entity = ? "
        "AND d.action = 'delete' AND (d.operation_id IS NULL OR d.table_name = d.entity) AND NOT EXISTS ("
        "SELECT 1 FROM change_log r WHERE r.entity = d.entity AND r.entity_id = d.entity_id AND r.id > d.id "
        "AND (r.action = 'restore' OR r.action = 'insert' AND r.table_name = r.entity)) ORDER BY d.id DESC",
        [ledger_id, entity]))
    out = []
    for row in found:
        rows = (_rows(db, "id = ?", [row["id"]]) if row["operation_id"] is None else
                _rows(db, "operation_id = ? AND entity = ? AND entity_id = ?",
                      [row["operation_id"], entity, row["entity_id"]]))
        line = next(r for r in readable(db, rows) if r["action"] == "delete")
        out.append({"entity_id": row["entity_id"], "at": line["at"], "os_user": line["os_user"],
                    "old": line["old"], "operation_id": row["operation_id"]})
    return out


def last_deletion(db: Database, entity: str, entity_id: int) -> dict | None:
    """The newest delete row of an entry: {id, ledger_id, operation_id, old}."""
    rows = list(db.query(
        "SELECT id, ledger_id, operation_id, old FROM change_log WHERE entity = ? AND entity_id = ? "
        "AND action = 'delete' AND (operation_id IS NULL OR table_name = entity) ORDER BY id DESC LIMIT 1",
        [entity, entity_id]))
    return rows[0] if rows else None


def entry_rows(db: Database, op_id: int, entity: str, entity_id: int) -> list[dict]:
    """The raw rows of one operation that belong to one entry (the entry and its link rows)."""
    return _rows(db, "operation_id = ? AND entity = ? AND entity_id = ?", [op_id, entity, entity_id])


def raw_rows(db: Database, where: str, args) -> list[dict]:
    return _rows(db, where, args)


def item_values_before(db: Database, ledger_id: int, since: int | str) -> dict[tuple[int, str], object]:
    """(item id, field) → the value it had before its first change after `since` — a log row id, or for
    files without one an ISO time as the log writes it: the ledger items' own columns, and indicator values
    as "indicator:<key>". What a workbook exported then showed of the fields changed since."""
    after = "id > ?" if isinstance(since, int) else "at > ?"
    found: dict[tuple[int, str], object] = {}
    for r in db.query("SELECT table_name, entity_id, action, field, old, new, row_key FROM change_log "
                      f"WHERE ledger_id = ? AND {after} AND entity = 'ledger_item' "
                      "AND table_name IN ('ledger_item', 'indicator_value') ORDER BY id", [ledger_id, since]):
        if r["table_name"] == "ledger_item" and r["action"] == "update":
            found.setdefault((r["entity_id"], r["field"]), _decoded(r["old"]))
        elif r["table_name"] == "indicator_value":
            key, before = _indicator_change(r)
            found.setdefault((r["entity_id"], f"indicator:{key}"), before)
    return found


def _indicator_change(r: dict) -> tuple[str, object]:
    """(indicator key, value before) of one logged change of an indicator value row."""
    if r["action"] == "update":
        return _decoded(r["row_key"])["key"], _decoded(r["old"])
    if r["action"] == "insert":
        return _decoded(r["new"])["key"], None
    old = _decoded(r["old"])
    return old["key"], old.get("value")
