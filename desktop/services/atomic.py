"""Atomic file writes: a temporary file in the same folder, fsync, then rename over the target."""

import contextlib
import errno
import os
from contextlib import contextmanager
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.store import durable, failures

PARTIAL_SUFFIX = ".partial"


def _user_error(exc: OSError, target: Path) -> UserError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return UserError(f"磁盘空间不足，文件未保存：{target}。请清理磁盘后重试，原文件保持不变。")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"没有写入权限：{target.parent}。请换一个文件夹保存，原文件保持不变。")
    return UserError(f"文件未能保存：{target}（{failures.reason(exc)}）。原文件保持不变。")


fsync_file = durable.fsync_file  # what restore and backup call


@contextmanager
def atomic_write(target: Path | str):
    """Yield a temporary path to write; on success it replaces target, on any error it is removed.

    Disk-full and permission errors become a UserError in Chinese; the old target is never touched.
    """
    target = Path(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}{PARTIAL_SUFFIX}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        yield temp
        durable.replace(temp, target)
    except OSError as exc:
        raise _user_error(exc, target) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def write_bytes(target: Path | str, data: bytes) -> None:
    with atomic_write(target) as temp:
        temp.write_bytes(data)


def write_text(target: Path | str, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))
