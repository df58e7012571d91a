"""Restoring the database from a backup file.

Order: check the backup (integrity_check, not newer than the program) → back up the current state
(reason 恢复前) → close the store → copy the backup (through SQLite, so a -wal beside it counts) to a
temporary file beside the database and fsync it →
fold the live -wal into the database and leave WAL mode (SQLite deletes -wal and -shm; it refuses while
another connection is open) → rename the copy over the database → open it again (migrating an older
backup) and see which attachment files it needs that the file store lacks (taking them back from the
trash where possible). The store passed in is always closed: the window opens Store(report.data_dir).
Given a data directory whose database is damaged, the damaged file is moved aside first, never overwritten.
"""

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.paths import DataDir
from desktop.services import backup
from desktop.services.atomic import atomic_write
from desktop.store import backup_store, file_store
from desktop.store.migrate import available_migrations
from desktop.store.store import SIDE_FILES, Store, move_aside

BUSY_MESSAGE = ("数据库仍被另一个窗口或后台任务（导出、备份）打开，现在不能恢复。请等它完成或关闭其他窗口后再试。"
                "当前数据没有改动。")


@dataclass
class RestoreReport:
    data_dir: DataDir
    restored_from: Path
    safety_backup: Path | None  # the 恢复前 backup of what was replaced
    moved_aside: Path | None = None  # the damaged database file, kept under another name
    holds: dict = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)  # original names of attachments without a file
    recovered_files: int = 0  # taken back from the attachment trash

    def text(self) -> str:
        lines = [f"已从备份 {self.restored_from.name} 恢复。"]
        if self.safety_backup:
            lines.append(f"恢复前的数据已另存为备份：{self.safety_backup.name}")
        if self.moved_aside:
            lines.append(f"原来损坏的数据库文件已改名保存为：{self.moved_aside}")
        if self.missing_files:
            lines.append(f"有 {len(self.missing_files)} 个附件文件在文件库中找不到，相应的佐证材料只剩登记信息：")
            lines.extend(f"  - {name}" for name in self.missing_files[:50])
            if len(self.missing_files) > 50:
                lines.append(f"  …… 共 {len(self.missing_files)} 个")
        return "\n".join(lines)


def check_backup(path: Path | str) -> backup.BackupInfo:
    """A backup fit to restore from, or a Chinese UserError; nothing is changed."""
    path = Path(path).resolve()
    backup.verify_file(path)
    holds = backup_store.holdings(path)
    if not holds["ours"]:
        raise UserError(f"{path.name} 不是本程序的数据文件或备份，不能用它恢复。")
    if holds["schema_version"] > available_migrations()[-1][0]:
        raise UserError(f"备份文件 {path.name} 由更新版本的程序生成，请升级程序后再恢复。")
    return backup.read_info(path)


def restore(target: Store | DataDir | str | Path, backup_path: Path | str) -> RestoreReport:
    backup_path = Path(backup_path).resolve()
    check_backup(backup_path)
    if isinstance(target, Store):
        store = target
    else:  # a damaged database there is moved aside (kept), never overwritten
        store = Store(target if isinstance(target, DataDir) else DataDir(target), move_damaged=True)
    data, moved_aside = store.data, store.moved_aside
    if backup_path == data.database.resolve():
        store.close()
        raise UserError("不能用正在使用的数据库文件恢复它自己。")
    try:
        safety = backup.make_backup(store, "恢复前").path if backup.has_content(store) else None
    finally:
        store.close()
    _replace_database(data, backup_path)
    report = RestoreReport(data_dir=data, restored_from=backup_path, safety_backup=safety, moved_aside=moved_aside)
    with Store(data) as reopened:
        report.holds = backup_store.holdings(data.database)
        report.recovered_files, report.missing_files = _files_needed(reopened)
    return report


def set_aside(data: DataDir) -> Path:
    """Rename a database found damaged while the program ran (kept with its -wal, never overwritten); the
    caller has closed every connection to it."""
    return move_aside(data.database)


def _replace_database(data: DataDir, source: Path) -> None:
    database = data.database
    with atomic_write(database) as temp:
        temp.unlink(missing_ok=True)
        backup_store.copy_database(source, temp)
        try:
            backup_store.release_wal(database)
        except sqlite3.OperationalError as exc:
            raise UserError(BUSY_MESSAGE) from exc
        if _side_files_left(database):  # another program opened it since: its -wal is never deleted
            raise UserError(BUSY_MESSAGE)
    if _side_files_left(database):
        raise UserError("恢复后发现残留的日志文件，请重新启动程序。")


def _side_files_left(database: Path) -> bool:
    return any(os.path.exists(f"{database}{suffix}") for suffix in SIDE_FILES)


def _files_needed(store: Store) -> tuple[int, list[str]]:
    """(files taken back from the trash, original names of attachments whose file is still missing)."""
    recovered, missing = 0, []
    for blob in file_store.all_blobs(store.db):
        if store.files.path_for(blob["stored_name"]).exists():
            continue
        if store.files.recover(blob["stored_name"]):
            recovered += 1
        else:
            missing.append(blob["sha256"])
    return recovered, backup_store.attachment_names(store.db, missing)
