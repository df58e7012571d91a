"""One open data directory: the migrated database plus the file store."""

import sqlite3

from desktop.domain.errors import UserError
from desktop.paths import DataDir
from desktop.store.connection import open_database
from desktop.store.file_store import FileStore
from desktop.store.migrate import migrate, refuse_newer


class Store:
    def __init__(self, data_dir: DataDir | str, *, migrate_schema: bool = True):
        self.data = data_dir if isinstance(data_dir, DataDir) else DataDir(data_dir)
        self.data.ensure()
        try:
            self.db = open_database(self.data.database, check=refuse_newer)
            if migrate_schema:
                migrate(self.db, self.data.database, self.data.backups)
        except sqlite3.DatabaseError as exc:
            raise UserError(f"无法打开数据库文件 {self.data.database}：{exc}。文件未被修改。") from exc
        self.files = FileStore(self.data.files)

    def worker_copy(self) -> "Store":
        """A second connection for a worker thread (sqlite3 connections stay on one thread)."""
        return Store(self.data, migrate_schema=False)

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def quick_check(store: Store) -> list[str]:
    return [r[0] for r in store.db.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]


def integrity_check(store: Store) -> list[str]:
    return [r[0] for r in store.db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]


def foreign_key_problems(store: Store) -> int:
    return len(store.db.execute("PRAGMA foreign_key_check").fetchall())


def get_setting(store: Store, key: str, default: str | None = None) -> str | None:
    row = store.db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(store: Store, key: str, value: str) -> None:
    store.db.execute("INSERT INTO setting (key, value) VALUES (?, ?) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
