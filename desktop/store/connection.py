"""Opening the database with the durability settings every connection must have."""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.errors import UserError

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10000
BUSY_TEXT = ("数据正被另一个程序窗口或后台任务保存，等待 10 秒后仍未完成，这次修改没有保存。"
             "请稍后再试；如果同时开着两个程序窗口，请关闭其中一个。")


def now_text() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Database:
    """The connection every repository works on: execute() and query() as in sqlite-utils, answered by the
    sqlite3 connection itself, so the start-up path never imports sqlite-utils (its import with click,
    dateutil and the plugin scan costs about 60 ms, a third of the first paint). Everything else of
    sqlite_utils.Database (table_names(), db["table"], …) is its own, over this same connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, parameters=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    def query(self, sql: str, params=()) -> Iterator[dict]:
        cursor = self.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    @cached_property
    def utils(self) -> "sqlite_utils.Database":
        """sqlite-utils over this same connection, imported on the first write (not on the first paint)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    def table(self, name: str) -> "sqlite_utils.db.Table":
        return self.utils.table(name)

    @contextmanager
    def write(self):
        """One write transaction through sqlite-utils' db.atomic(), begun IMMEDIATE so that two programs never
        deadlock upgrading a read to a write; nested, it joins the outer one as a savepoint."""
        if self.conn.in_transaction:
            with self.utils.atomic():
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # another program held the write lock past the timeout
            if "locked" in str(exc) or "busy" in str(exc):
                raise UserError(BUSY_TEXT) from exc
            raise
        try:
            with self.utils.atomic():
                yield self
            self.conn.execute("COMMIT")  # a deferred foreign key can still refuse here: then roll back too
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise


def open_database(path: Path | str, check=None) -> Database:
    """WAL with synchronous=FULL (a committed 已完成 survives a power cut), foreign keys on.
    check(db) runs before anything is written, so a refused file stays byte-identical."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if check:
        try:
            check(Database(conn))
        except BaseException:
            conn.close()
            raise
    try:
        _enter_wal(conn)
    except BaseException:
        conn.close()
        raise
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it: the triggers were written for it
    return Database(conn)


def _enter_wal(conn: sqlite3.Connection) -> None:
    """PRAGMA journal_mode = WAL. On a brand-new file that a second program opens at the same moment, SQLite
    answers "database is locked" at once, without its busy handler: wait and retry, as the busy timeout would."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
