"""Automatic and manual backups: VACUUM INTO a temporary file, integrity_check it, rename it into place,
write a JSON sidecar saying what it holds; rotate automatic ones like Anki (2 days, then 12 daily, 10 weekly,
9 monthly). Attachment files are not copied: the content-addressed store is shared by every backup, and
its trash never deletes a file a kept backup names (Store.files_named_by_backups)."""

import contextlib
import itertools
import json
import re
import shutil
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from desktop import __version__
from desktop.domain.errors import UserError
from desktop.services.atomic import atomic_write, create_new, write_text
from desktop.store import backup_store
from desktop.store.store import Store, set_setting

REASONS = ("启动", "退出", "迁移前", "导入前", "恢复前", "锁定前", "手动")
AUTOMATIC = frozenset({"启动", "退出"})
PREFIXES = {"启动": "自动备份", "退出": "自动备份", "手动": "手动备份", "迁移前": "升级前备份",
            "导入前": "导入前备份", "恢复前": "恢复前备份", "锁定前": "锁定前备份"}
REASON_OF_PREFIX = {"自动备份": "自动", "手动备份": "手动", "升级前备份": "迁移前", "导入前备份": "导入前",
                    "恢复前备份": "恢复前", "锁定前备份": "锁定前"}
STAMP = "%Y%m%d-%H%M%S"
SUFFIX = ".sqlite"
SIDECAR_SUFFIX = ".json"
STALE_AFTER = timedelta(days=1)
STALE_PARTIAL_S = 3600  # a backup being written touches its file far more often than this
# 自动备份-20251201-093000.sqlite, 自动备份-20251201-093000-2.sqlite, 升级前备份-v1-20251201-093000.sqlite
_NAME = re.compile(r"^(?P<prefix>[^-.]+)-(?:v\d+-)?(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite$")


@dataclass(frozen=True)
class Limits:
    recent_days: int = 2
    daily: int = 12
    weekly: int = 10
    monthly: int = 9


LIMITS = Limits()


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int
    reason: str
    holds: dict = field(default_factory=dict)
    copies: tuple[Path, ...] = ()  # the same backup in the extra folder(s)
    warnings: tuple[str, ...] = ()  # e.g. the USB drive was not plugged in

    @property
    def automatic(self) -> bool:
        return self.reason in AUTOMATIC or self.path.name.startswith(PREFIXES["启动"])

    @property
    def holds_text(self) -> str:
        """One line for a restore dialog: 测试镇 2025 年度（条目 86，佐证 12）；附件 5 个"""
        if "error" in self.holds:
            return f"无法读取：{self.holds['error']}"
        ledgers = self.holds.get("ledgers", [])
        if not ledgers:
            return "没有台账"
        parts = [f"{lg['unit']} {lg['year']} 年度（条目 {lg['items']}，佐证 {lg['evidence']}"
                 + ("，已锁定" if lg.get("locked") else "") + "）" for lg in ledgers]
        return "；".join(parts) + f"；附件 {self.holds.get('attachments', 0)} 个"


# ----- rotation (pure)

def _week(day) -> int:
    return (day.toordinal() - 1) // 7  # serial week number, weeks starting on Monday


def backups_to_delete(stamps: Iterable[datetime], now: datetime, limits: Limits = LIMITS) -> set[datetime]:
    """Anki's thinning, newest first: everything from today and yesterday; then the newest backup of each
    of 12 days; once those are used up, of each of 10 weeks; then of each of 9 months. The rest go."""
    first_recent_day = now.date() - timedelta(days=limits.recent_days - 1)
    left = {"daily": limits.daily, "weekly": limits.weekly, "monthly": limits.monthly}
    last = (None, None, None)  # day, week, month of the last backup kept
    doomed = set()
    for stamp in sorted(set(stamps), reverse=True):
        day = stamp.date()
        mark = (day, _week(day), (day.year, day.month))
        if day < first_recent_day:
            stage = next((s for s in ("daily", "weekly", "monthly") if left[s] > 0), None)
            index = {"daily": 0, "weekly": 1, "monthly": 2}.get(stage)
            if stage is None or (last[index] is not None and mark[index] >= last[index]):
                doomed.add(stamp)
                continue
            left[stage] -= 1
        last = mark
    return doomed


# ----- folders

def backup_folders(store: Store) -> list[Path]:
    """The data directory's backups folder, then the extra folder (a second drive or a USB stick) if set."""
    folders = [store.data.backups]
    extra = backup_store.extra_folder(store.db)
    if extra and Path(extra).resolve() != store.data.backups.resolve():
        folders.append(Path(extra))
    return folders


def set_extra_folder(store: Store, folder: Path | str | None) -> None:
    """Also keep every backup in this folder (a second drive, a USB stick); None or "" stops it."""
    value = str(Path(folder).expanduser().resolve()) if folder else ""
    if value and not Path(value).is_dir():
        raise UserError(f"找不到文件夹：{value}。请先插入 U 盘或移动硬盘，或选择一个已有的文件夹。")
    if value and Path(value) == store.data.backups.resolve():
        value = ""
    set_setting(store, backup_store.EXTRA_FOLDER_SETTING, value)


# ----- making backups

def make_backup(store: Store, reason: str = "手动", folder: Path | str | None = None,
                now: datetime | None = None) -> BackupInfo:
    """A checked backup in the primary folder (or only in `folder`), copied to the extra folder; automatic
    backups are rotated afterwards. Raises UserError (Chinese) when the backup cannot be made; an extra
    folder that is missing or full only adds a warning."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    now = now or datetime.now()
    targets = [Path(folder)] if folder else backup_folders(store)
    info = _write_backup(store, targets[0], reason, now)
    copies, warnings = [], []
    for extra in targets[1:]:
        try:
            copies.append(_copy_backup(info.path, extra))
        except (UserError, OSError) as exc:
            warnings.append(f"备份未能复制到 {extra}（{_reason_text(exc)}），已保存在 {info.path.parent}。")
    for written in (info.path, *copies):
        rotate(written.parent, now)
    return BackupInfo(info.path, info.created, info.size, reason, info.holds, tuple(copies), tuple(warnings))


def _reason_text(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "文件夹不存在，U 盘或移动硬盘可能没有插入"
    return str(exc)


def _names(folder: Path, reason: str, now: datetime) -> Iterator[Path]:
    """手动备份-20251201-093000.sqlite, then -2, -3 … for more backups in the same second."""
    base = f"{PREFIXES[reason]}-{now.strftime(STAMP)}"
    yield folder / f"{base}{SUFFIX}"
    for number in itertools.count(2):
        yield folder / f"{base}-{number}{SUFFIX}"


def _fill_backup(store: Store, temp: Path) -> dict:
    """The checked copy of the database in temp; what it holds."""
    temp.unlink(missing_ok=True)
    try:
        backup_store.vacuum_into(store.db, temp)
    except sqlite3.Error as exc:  # disk full and no access came out as OSError already
        raise UserError(f"备份失败：读取数据库时出错（{exc}），以前的备份都保留未动。请运行“检查数据”。") from exc
    problems = backup_store.integrity_problems(temp)
    if problems:
        raise UserError("备份未通过完整性检查，数据库可能已损坏，本次备份已放弃，以前的备份都保留未动。"
                        f"请运行“检查数据”。（{problems[0]}）")
    return backup_store.holdings(temp)


def _write_backup(store: Store, folder: Path, reason: str, now: datetime) -> BackupInfo:
    _remove_partials(folder)
    target, holds = create_new(_names(folder, reason, now), lambda temp: _fill_backup(store, temp))
    holds.update(reason=reason, created_at=now.isoformat(timespec="seconds"), program_version=__version__,
                 size=target.stat().st_size)
    write_text(sidecar_of(target), json.dumps(holds, ensure_ascii=False, indent=1))
    return BackupInfo(target, now, holds["size"], reason, holds)


def _copy_backup(source: Path, folder: Path) -> Path:
    if not folder.is_dir():
        raise FileNotFoundError(str(folder))
    target = folder / source.name
    with atomic_write(target) as temp:
        shutil.copyfile(source, temp)
    sidecar = sidecar_of(source)
    if sidecar.exists():
        write_text(sidecar_of(target), sidecar.read_text(encoding="utf-8"))
    return target


def _remove_partials(folder: Path, now: float | None = None) -> None:
    """Temporary files of a backup that a crash interrupted. Only stale ones: a command and the window (or two
    commands) may back up at the same moment, and another's backup in progress is written to right now."""
    if folder.is_dir():
        now = time.time() if now is None else now
        for leftover in folder.glob(".*.partial"):
            with contextlib.suppress(OSError):
                if now - leftover.stat().st_mtime > STALE_PARTIAL_S:
                    leftover.unlink(missing_ok=True)


def sidecar_of(backup: Path) -> Path:
    return backup.with_suffix(SIDECAR_SUFFIX)


def rotate(folder: Path, now: datetime | None = None, limits: Limits = LIMITS) -> list[Path]:
    """Delete the automatic backups (and sidecars) the rotation no longer keeps; others are never touched."""
    automatic = {_stamp_of(p): p for p in _backup_files(folder) if p.name.startswith(PREFIXES["启动"])}
    automatic.pop(None, None)
    removed = []
    for stamp in backups_to_delete(automatic, now or datetime.now(), limits):
        path = automatic[stamp]
        path.unlink(missing_ok=True)
        sidecar_of(path).unlink(missing_ok=True)
        removed.append(path)
    return removed


# ----- triggers

def newest_backup(store: Store) -> BackupInfo | None:
    found = list_backups(store, folders=[store.data.backups], read_files=False)
    return found[0] if found else None


def has_content(store: Store) -> bool:
    """Anything worth a backup: every change to a ledger goes into the change log."""
    return backup_store.last_change_id(store.db) > 0


def backup_if_stale(store: Store, now: datetime | None = None) -> BackupInfo | None:
    """At start-up: a backup when the newest one is more than a day old (and there is data to keep)."""
    now = now or datetime.now()
    newest = newest_backup(store)
    if newest is not None and now - newest.created < STALE_AFTER:
        return None
    if not has_content(store):
        return None
    return make_backup(store, "启动", now=now)


def changed_since_last_backup(store: Store) -> bool:
    """Whether the change log has grown since the newest backup in the primary folder was made."""
    newest = newest_backup(store)
    if newest is None:
        return has_content(store)
    recorded = newest.holds.get("change_log_last_id")
    return recorded is None or backup_store.last_change_id(store.db) > recorded


def backup_on_exit(store: Store, changed: bool | None = None, now: datetime | None = None) -> BackupInfo | None:
    """At exit: a backup only if something changed (the window knows; None asks the change log)."""
    if changed is None:
        changed = changed_since_last_backup(store)
    return make_backup(store, "退出", now=now) if changed else None


# ----- reading backups

def _stamp_of(path: Path) -> datetime | None:
    match = _NAME.match(path.name)
    return datetime.strptime(match.group("stamp"), STAMP) if match else None


def _backup_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith(".") and p.is_file()]


def read_info(path: Path, read_file: bool = True) -> BackupInfo:
    """What one backup file is: from its sidecar, else (read_file) from the file itself."""
    path = Path(path)
    stat = path.stat()
    created = _stamp_of(path) or datetime.fromtimestamp(stat.st_mtime)
    holds = _read_sidecar(path)
    if holds is None and read_file:
        try:
            holds = backup_store.holdings(path)
        except Exception as exc:  # a foreign or damaged file still shows up, marked unreadable
            holds = {"error": str(exc)}
    holds = holds or {}
    match = _NAME.match(path.name)
    reason = holds.get("reason") or (REASON_OF_PREFIX.get(match.group("prefix"), "") if match else "")
    return BackupInfo(path, created, stat.st_size, reason or "其他", holds)


def _read_sidecar(path: Path) -> dict | None:
    sidecar = sidecar_of(path)
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def list_backups(store: Store, folders: list[Path] | None = None, read_files: bool = True) -> list[BackupInfo]:
    """Every backup in the backup folders, newest first (for the restore dialog)."""
    found = []
    for folder in folders or backup_folders(store):
        for path in _backup_files(folder):
            try:
                found.append(read_info(path, read_file=read_files))
            except OSError:
                continue
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def newest_good_backup(folder: Path | Iterable[Path]) -> BackupInfo | None:
    """The newest backup that passes integrity_check: what to offer when the database was found damaged."""
    folders = [Path(folder)] if isinstance(folder, (str, Path)) else [Path(f) for f in folder]
    candidates = [read_info(p, read_file=False) for f in folders for p in _backup_files(f)]
    for info in sorted(candidates, key=lambda b: (b.created, b.path.name), reverse=True):
        if not backup_store.integrity_problems(info.path):
            return read_info(info.path)
    return None


def verify_file(path: Path) -> None:
    """Refuse (Chinese UserError) a file that is not a sound database; used before a restore."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到备份文件：{path}")
    problems = backup_store.integrity_problems(path)
    if problems:
        raise UserError(f"备份文件 {path.name} 已损坏或不是本程序的数据文件，不能用它恢复。（{problems[0]}）")
