"""One open data directory: the migrated database plus the file store."""

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.paths import DataDir
from desktop.store import backup_store, durable
from desktop.store.connection import open_database
from desktop.store.failures import failure_text
from desktop.store.file_store import FileStore
from desktop.store.migrate import migrate, refuse_newer

DAMAGED_MARK = "损坏"
SIDE_FILES = ("-wal", "-shm", "-journal")


class DamagedDatabaseError(UserError):
    """The database file is damaged or not a database. It was not touched; the window offers the newest
    good backup (services.backup.newest_good_backup) or a fresh start (Store(..., move_damaged=True))."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"无法打开数据库文件 {path}：文件已损坏或不是本程序的数据文件（{reason}）。文件未被修改。"
                         f"请从备份恢复（菜单“文件 → 从备份恢复…”，或命令 fazhi restore 备份文件）。")
        self.path, self.reason = path, reason


class Store:
    """Opening checks the file first (quick_check on a read-only connection). A damaged or foreign file is
    never written to or overwritten: by default opening refuses it (DamagedDatabaseError, file untouched);
    with move_damaged=True it is renamed to taizhang.sqlite.损坏-<stamp> together with its -wal, a new
    empty database takes its place, and moved_aside / damage_notice say so."""

    def __init__(self, data_dir: DataDir | str, *, migrate_schema: bool = True, verify: bool | None = None,
                 move_damaged: bool = False, quick_check_now: bool = True):
        self.data = data_dir if isinstance(data_dir, DataDir) else DataDir(data_dir)
        self.moved_aside: Path | None = None
        self.damage_reason = ""
        try:
            self.data.ensure()
            self.db = self._open(migrate_schema if verify is None else verify, move_damaged, quick_check_now)
            if migrate_schema:
                migrate(self.db, self.data.database, self.data.backups)
        except (sqlite3.DatabaseError, OSError) as exc:  # a full or read-only disk, a file in the folder's place
            text = failure_text(exc, self.data.root)
            if text is None and isinstance(exc, OSError):
                raise
            raise UserError(text or f"无法打开数据库文件 {self.data.database}：{exc}。文件未被修改。") from exc
        self.files = FileStore(self.data.files, protected=self.files_named_by_backups)

    def _open(self, verify: bool, move_damaged: bool, quick_check_now: bool):
        """quick_check_now=False (the window): only the file's header and whose file it is are checked before
        opening; the window runs the quick_check after its first paint (about 1 ms per MiB of database)."""
        path = self.data.database
        if not verify:
            return open_database(path, check=refuse_newer)
        reason = backup_store.damage_of(path, quick_check=quick_check_now) or self._empty_with_backups()
        return self._open_checked(path, reason, move_damaged)

    def _empty_with_backups(self) -> str | None:
        """A 0-byte database beside backups or stored attachments was lost (truncated), not new: it is moved
        aside and said so, never silently taken for a new one."""
        path = self.data.database
        if not path.exists() or path.stat().st_size:
            return None
        if self.data.backups.is_dir() and any(not p.name.startswith(".") for p in self.data.backups.glob("*.sqlite")):
            return "数据库文件是空的（0 字节），而备份文件夹里有备份"
        if self.data.files.is_dir() and any(p.is_file() for p in self.data.files.rglob("*")):
            return "数据库文件是空的（0 字节），而附件文件夹里有附件"
        return None

    def _open_checked(self, path: Path, reason: str | None, move_damaged: bool):
        if reason is None:
            try:
                return open_database(path, check=refuse_newer)
            except sqlite3.DatabaseError as exc:
                if not backup_store.is_damage(exc):
                    raise
                reason = str(exc)
        if not move_damaged:
            raise DamagedDatabaseError(path, reason)
        self.moved_aside, self.damage_reason = move_aside(path), reason
        logging.getLogger(__name__).warning("数据库文件已损坏或不是本程序的（%s），已改名保存为 %s", reason,
                                            self.moved_aside)
        return open_database(path, check=refuse_newer)

    @property
    def damage_notice(self) -> str | None:
        if self.moved_aside is None:
            return None
        return (f"数据库文件已损坏或不是本程序的数据文件（{self.damage_reason}）。为保护数据，程序没有改动或覆盖它，"
                f"已把它改名保存为：{self.moved_aside}\n现在使用的是一个新的数据库。"
                f"如需找回以前的数据，请从备份恢复，或把改名后的文件交给技术人员检查。")

    def files_named_by_backups(self) -> set[str]:
        """SHA-256 of every attachment a kept backup needs: the trash never deletes those files."""
        folders = [self.data.backups]
        extra = backup_store.extra_folder(self.db)
        if extra:
            folders.append(Path(extra))
        return backup_store.referenced_shas(p for folder in folders if folder.is_dir()
                                            for p in folder.glob("*.sqlite"))

    def worker_copy(self) -> "Store":
        """A second connection for a worker thread (sqlite3 connections stay on one thread)."""
        return Store(self.data, migrate_schema=False, verify=False)

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database and its side files (kept together, so they still open as a pair)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{DAMAGED_MARK}-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.{DAMAGED_MARK}-{stamp}-{number}")
    os.replace(path, target)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def quick_check(store: Store) -> list[str]:
    return durable.check_problems(store.db.conn, "quick_check")


def integrity_check(store: Store) -> list[str]:
    return durable.check_problems(store.db.conn)


def foreign_key_problems(store: Store) -> int:
    return len(store.db.execute("PRAGMA foreign_key_check").fetchall())


def get_setting(store: Store, key: str, default: str | None = None) -> str | None:
    row = store.db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(store: Store, key: str, value: str) -> None:
    """Inside an operation it is part of that action (and logged); outside, bookkeeping on its own."""
    from desktop.store import operations

    op = operations.active(store.db)
    if op is not None:
        op.upsert("setting", {"key": key, "value": value}, pk="key")
        return
    with store.db.write():
        store.db.table("setting").upsert({"key": key, "value": value}, pk="key")
