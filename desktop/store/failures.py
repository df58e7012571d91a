"""Expected failures of the surroundings (a full or read-only disk, no permission, a file where the data
folder belongs, a busy or damaged database) told as one Chinese sentence: what happened and what to do.
None for anything else: that is a fault of the program, for the log."""

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from desktop.store.connection import BUSY_TEXT

# SQLite primary result codes
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _CANTOPEN, _FULL, _NOTADB = 3, 5, 6, 8, 10, 11, 14, 13, 26
LOW_SPACE_BYTES = 8 * 1024 * 1024  # below this, a "disk I/O error" is the disk running full

FULL_TEXT = "磁盘空间不足：{where}。这次操作没有完成，已保存的数据没有改动。请清理磁盘，或用 --data-dir 换一个有空间的位置后再试。"
READ_ONLY_TEXT = ("{where} 所在的磁盘是只读的（例如写保护的 U 盘、光盘或只读挂载），不能保存。"
                  "请解除写保护，或用 --data-dir 换一个可以写入的文件夹。")
NO_ACCESS_TEXT = "没有写入权限：{where}。请用 --data-dir 换一个有权限的文件夹，或请管理员开放权限。"
NOT_A_FOLDER_TEXT = "{where} 是一个文件，不是文件夹，不能作为数据目录。请用 --data-dir 指定一个文件夹（可以是新建的）。"
MISSING_TEXT = "找不到：{where}。U 盘或移动硬盘可能已拔出，请检查路径后再试。"
IO_TEXT = ("读写 {where} 时磁盘出错。U 盘或移动硬盘可能已拔出或损坏；请检查磁盘后运行 fazhi check，"
           "必要时从备份恢复（fazhi restore 备份文件）。")
DAMAGED_TEXT = ("数据库文件 {where} 已损坏。请运行 fazhi check 查看，并从备份恢复（fazhi restore 备份文件）；"
                "损坏的文件不会被覆盖。")
CANT_OPEN_TEXT = "无法打开数据库文件 {where}。请检查数据目录是否存在、是否可以写入。"
OTHER_OS_TEXT = "文件操作失败：{where}（{reason}）。请检查该位置后再试。"


def failure_text(exc: BaseException, data_root: Path) -> str | None:
    if isinstance(exc, sqlite3.Error):
        return _sqlite_text(exc, Path(data_root))
    if isinstance(exc, OSError):
        return _os_text(exc, Path(data_root))
    return None


def disk_is_nearly_full(path: Path) -> bool:
    for place in (path, *path.parents):
        if place.exists():
            try:
                return shutil.disk_usage(place).free < LOW_SPACE_BYTES
            except OSError:
                return False
    return False


# Windows reports these through winerror, with an errno that does not say it
WINDOWS_ERRORS = {19: errno.EROFS, 112: errno.ENOSPC, 39: errno.ENOSPC}  # write-protected, disk full (twice)
FULL, READ_ONLY, NO_ACCESS, NOT_A_FOLDER, MISSING, IO = "full", "read_only", "no_access", "not_a_folder", \
    "missing", "io"


def os_failure(exc: OSError) -> str | None:
    """What an OSError met at a place means (FULL, READ_ONLY, …), or None: the one reading of errno that the
    command line's and the window's sentences both use."""
    code = WINDOWS_ERRORS.get(getattr(exc, "winerror", None), exc.errno)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return FULL
    if code == errno.EROFS:
        return READ_ONLY
    if code in (errno.EACCES, errno.EPERM):
        return NO_ACCESS
    if code in (errno.EEXIST, errno.ENOTDIR):
        return NOT_A_FOLDER
    if code == errno.ENOENT:
        return MISSING
    if code == errno.EIO:
        return IO
    return None


REASONS = {FULL: "磁盘空间不足", READ_ONLY: "磁盘是只读的", NO_ACCESS: "没有权限", NOT_A_FOLDER: "路径中有同名文件或不是文件夹",
           MISSING: "文件或文件夹不存在", IO: "磁盘读写出错"}
OTHER_REASONS = {errno.EISDIR: "这是一个文件夹，不是文件", errno.ENAMETOOLONG: "路径太长",
                 errno.EBUSY: "文件正被其他程序占用", errno.EMFILE: "打开的文件太多"}


def reason(exc: OSError) -> str:
    """Why an OSError happened, as a Chinese phrase for the middle of a sentence (the system's own text, which
    may be English, only when there is no better one)."""
    kind = os_failure(exc)
    if kind in REASONS:
        return REASONS[kind]
    return OTHER_REASONS.get(exc.errno) or f"系统信息：{exc.strerror or exc}"


def _os_text(exc: OSError, data_root: Path) -> str:
    where = exc.filename or data_root
    kind = os_failure(exc)
    if kind == NOT_A_FOLDER and _a_file_in_the_way(Path(where)):
        return NOT_A_FOLDER_TEXT.format(where=_a_file_in_the_way(Path(where)))
    if kind == IO and disk_is_nearly_full(Path(where)):
        kind = FULL
    texts = {FULL: FULL_TEXT, READ_ONLY: READ_ONLY_TEXT, NO_ACCESS: NO_ACCESS_TEXT, MISSING: MISSING_TEXT,
             IO: IO_TEXT}
    if kind in texts:
        return texts[kind].format(where=where)
    return OTHER_OS_TEXT.format(where=where, reason=reason(exc))


def _a_file_in_the_way(path: Path) -> Path | None:
    """The path itself or the nearest of its parents that is a file (where a folder was to be)."""
    for place in (path, *path.parents):
        if place.is_file():
            return place
    return None


def _sqlite_text(exc: sqlite3.Error, data_root: Path) -> str | None:
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    text = str(exc)
    database = data_root / "taizhang.sqlite"
    if code == _FULL or "disk is full" in text:
        return FULL_TEXT.format(where=data_root)
    if code == _IOERR or "disk I/O error" in text:
        return FULL_TEXT.format(where=data_root) if disk_is_nearly_full(data_root) else IO_TEXT.format(where=database)
    if code in (_READONLY, _PERM, _CANTOPEN) or "readonly database" in text or "unable to open" in text:
        if _read_only_place(data_root):
            return READ_ONLY_TEXT.format(where=data_root)
        return CANT_OPEN_TEXT.format(where=database) if code == _CANTOPEN or "unable to open" in text \
            else NO_ACCESS_TEXT.format(where=database)
    if code in (_BUSY, _LOCKED) or "database is locked" in text:
        return BUSY_TEXT
    if code in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
        return DAMAGED_TEXT.format(where=database)
    return None


def _read_only_place(path: Path) -> bool:
    for place in (path, *path.parents):
        if place.exists():
            try:
                return bool(os.statvfs(place).f_flag & os.ST_RDONLY)
            except (OSError, AttributeError):  # no statvfs on Windows
                return False
    return False
