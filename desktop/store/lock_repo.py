"""Locking a year ledger (已报送) and its seals: the content the seal checksum covers, lock and unlock."""


from desktop.store.connection import Database
from desktop.store.operations import Operation


def content(db: Database, ledger_id: int) -> dict:
    """Everything an officer enters into a ledger, keyed by item code (row ids are left out on purpose:
    an entry deleted and restored gets a new id but is the same content)."""
    ledger = db.execute("SELECT u.name, l.year FROM ledger l JOIN unit u ON u.id = l.unit_id WHERE l.id = ?",
                        [ledger_id]).fetchone()
    return {
        "unit": ledger[0] if ledger else None, "year": ledger[1] if ledger else None,
        "items": list(db.query(
            "SELECT code, progress, result, na_reason, department, owner, due_date, remark FROM ledger_item "
            "WHERE ledger_id = ? ORDER BY code", [ledger_id])),
        "indicators": list(db.query(
            "SELECT li.code, v.key, v.value FROM indicator_value v JOIN ledger_item li ON li.id = v.ledger_item_id "
            "WHERE li.ledger_id = ? ORDER BY li.code, v.key", [ledger_id])),
        "evidence": list(db.query(
            "SELECT id, formed_on, title, kind, description FROM evidence WHERE ledger_id = ?", [ledger_id])),
        "links": list(db.query(
            "SELECT ei.evidence_id, li.code FROM evidence_item ei JOIN evidence e ON e.id = ei.evidence_id "
            "JOIN ledger_item li ON li.id = ei.ledger_item_id WHERE e.ledger_id = ?", [ledger_id])),
        "files": list(db.query(
            "SELECT a.evidence_id, a.original_name, a.sha256, a.size FROM attachment a "
            "JOIN evidence e ON e.id = a.evidence_id WHERE e.ledger_id = ?", [ledger_id])),
    }


def lock(op: Operation, ledger_id: int, seal: dict) -> int:
    """Mark the ledger locked and add its seal row (in the caller's operation)."""
    op.update("ledger", ledger_id, {"locked_at": seal["locked_at"], "locked_by": seal["locked_by"]})
    return op.insert("ledger_seal", {"ledger_id": ledger_id, **seal})


def unlock(op: Operation, ledger_id: int, *, at: str, by: str, reason: str) -> None:
    op.update("ledger", ledger_id, {"locked_at": None, "locked_by": None})
    seal = latest_seal(op.db, ledger_id)
    if seal and seal["unlocked_at"] is None:
        op.update("ledger_seal", seal["id"], {"unlocked_at": at, "unlocked_by": by, "unlock_reason": reason})


def latest_seal(db: Database, ledger_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM ledger_seal WHERE ledger_id = ? ORDER BY id DESC LIMIT 1", [ledger_id]))
    return rows[0] if rows else None


def seals(db: Database, ledger_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM ledger_seal WHERE ledger_id = ? ORDER BY id", [ledger_id]))
