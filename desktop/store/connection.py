"""Opening the database with the durability settings every connection must have."""

import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_MS = 10000


def now_text() -> str:
    return datetime.now().isoformat(timespec="seconds")


def open_database(path: Path | str, check=None) -> sqlite_utils.Database:
    """WAL with synchronous=FULL (a committed 已完成 survives a power cut), foreign keys on.
    check(db) runs before anything is written, so a refused file stays byte-identical."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if check:
        try:
            check(sqlite_utils.Database(conn))
        except BaseException:
            conn.close()
            raise
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn)


@contextmanager
def transaction(db: sqlite_utils.Database):
    """One write transaction; a nested call joins the outer one. Never use sqlite-utils' own
    insert/update inside: they commit on their own."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def insert(db: sqlite_utils.Database, table: str, row: dict) -> int:
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))
    return cursor.lastrowid


def update(db: sqlite_utils.Database, table: str, row_id: int, fields: dict) -> None:
    if not fields:
        return
    sets = ", ".join(f"[{c}] = ?" for c in fields)
    db.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*fields.values(), row_id])
