"""The annual report's own texts (table report_text): one row per (ledger, section, part code)."""

from desktop.store.connection import Database


def all_texts(db: Database, ledger_id: int) -> dict[tuple[str, str], str]:
    """(section, part code or "") → text."""
    return {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT section, part_code, text FROM report_text WHERE ledger_id = ? ORDER BY section, part_code",
        [ledger_id])}


def find_id(db: Database, ledger_id: int, section: str, part_code: str) -> int | None:
    row = db.execute("SELECT id FROM report_text WHERE ledger_id = ? AND section = ? AND part_code = ?",
                     [ledger_id, section, part_code]).fetchone()
    return row[0] if row else None


def current_text(db: Database, row_id: int) -> str:
    row = db.execute("SELECT text FROM report_text WHERE id = ?", [row_id]).fetchone()
    return row[0] if row else ""
