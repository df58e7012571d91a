"""The append-only change log: who changed what, when, old → new."""

import getpass
import json

from desktop.store.connection import Database, insert, now_text


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service contexts
        return "未知用户"


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def record(db: Database, *, ledger_id: int | None, entity: str, entity_id: int | None,
           action: str, field: str = "", old=None, new=None) -> None:
    insert(db, "change_log", {
        "at": now_text(), "os_user": os_user(), "ledger_id": ledger_id, "entity": entity,
        "entity_id": entity_id, "action": action, "field": field,
        "old": _as_text(old), "new": _as_text(new),
    })


def record_field_changes(db, *, ledger_id, entity, entity_id, before: dict, after: dict) -> int:
    changed = 0
    for field, new in after.items():
        old = before.get(field)
        if _as_text(old) != _as_text(new):
            record(db, ledger_id=ledger_id, entity=entity, entity_id=entity_id, action="update",
                   field=field, old=old, new=new)
            changed += 1
    return changed


def history(db: Database, entity: str, entity_id: int) -> list[dict]:
    return list(db.query(
        "SELECT at, os_user, action, field, old, new FROM change_log "
        "WHERE entity = ? AND entity_id = ? ORDER BY id", [entity, entity_id]))


def entries_for_ledger(db: Database, ledger_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM change_log WHERE ledger_id = ? ORDER BY id", [ledger_id]))


def deletions(db: Database, ledger_id: int, entity: str) -> list[dict]:
    """Deleted entries not restored since, newest first; `old` holds the entry as it was (JSON)."""
    return list(db.query(
        "SELECT d.entity_id, d.at, d.os_user, d.old FROM change_log d WHERE d.ledger_id = ? AND d.entity = ? "
        "AND d.action = 'delete' AND NOT EXISTS (SELECT 1 FROM change_log r WHERE r.entity = d.entity "
        "AND r.entity_id = d.entity_id AND r.action = 'restore' AND r.id > d.id) ORDER BY d.id DESC",
        [ledger_id, entity]))


def last_deletion(db: Database, entity: str, entity_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT ledger_id, old FROM change_log WHERE entity = ? AND entity_id = ? AND action = 'delete' "
        "ORDER BY id DESC LIMIT 1", [entity, entity_id]))
    if not rows:
        return None
    return {"ledger_id": rows[0]["ledger_id"], **json.loads(rows[0]["old"])}
