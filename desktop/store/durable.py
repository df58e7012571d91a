"""The one way a file is made durable and checked: fsync, rename into place, fsync the folder; the SHA-256 of
a file; the problems PRAGMA integrity_check (or quick_check) reports. services/atomic.py, the file store and
the migration's backup all use these."""

import os
import sqlite3
from pathlib import Path

CHUNK = 1024 * 1024


def fsync_file(path: Path | str) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path | str) -> None:
    if os.name != "posix":  # Windows cannot open a directory; MoveFileEx is durable enough there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(temp: Path | str, target: Path | str) -> None:
    """temp's bytes on disk, then renamed over target, then the rename on disk: a power cut leaves the old
    target or the new one, never a torn file."""
    fsync_file(temp)
    os.replace(temp, target)
    fsync_folder(Path(target).parent)


def take_new_name(temp: Path | str, target: Path | str) -> bool:
    """Like replace, but target must not exist: False (and nothing done) when that name is taken. The name
    is taken atomically (a hard link; where the file system has none, e.g. FAT32, an exclusive creation),
    so two programs at the same moment never get the same one. temp stays (as a second name) or is moved."""
    fsync_file(temp)
    try:
        os.link(temp, target)
    except FileExistsError:
        return False
    except OSError:  # no hard links here
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        try:
            os.replace(temp, target)
        except OSError:
            Path(target).unlink(missing_ok=True)  # the name taken, not the file
            raise
    fsync_folder(Path(target).parent)
    return True


def new_sha256():
    import hashlib  # OpenSSL loads on the first hash, not at start-up (about 3 ms)

    return hashlib.sha256()


def sha256_bytes(data: bytes) -> str:
    digest = new_sha256()
    digest.update(data)
    return digest.hexdigest()


def sha256_file(path: Path | str) -> str:
    digest = new_sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_problems(conn: sqlite3.Connection, pragma: str = "integrity_check") -> list[str]:
    """What PRAGMA integrity_check (or quick_check) finds; [] when the database is sound."""
    if pragma not in ("integrity_check", "quick_check"):
        raise ValueError(pragma)
    return [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall() if r[0] != "ok"]
