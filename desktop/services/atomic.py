"""Atomic file writes: a temporary file in the same folder, fsync, then rename over the target.

Every temporary file or folder of a write is named after its target and the writing program's process id
(.进度表.xlsx.4242.partial, .进度表.xlsx.4242.k3j9x_2a.scratch), so a write killed half-way (kill -9, a power
cut, 任务管理器) is cleaned up by the next write of the same target, while another running program's files
are never touched. Windows does not hide names starting with a dot; this cleaning is what keeps them rare."""

import contextlib
import errno
import hashlib
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from desktop.domain.errors import UserError
from desktop.store import durable, failures, processes

PARTIAL_SUFFIX = ".partial"
SCRATCH_SUFFIX = ".scratch"
T = TypeVar("T")
NAME_ROOM = 120  # bytes of the target's name kept in a temporary name: a 255-byte name has room for the rest


def _user_error(exc: OSError, target: Path) -> UserError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return UserError(f"磁盘空间不足，文件未保存：{target}。请清理磁盘后重试，原文件保持不变。")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"没有写入权限：{target.parent}。请换一个文件夹保存，原文件保持不变。")
    return UserError(f"文件未能保存：{target}（{failures.reason(exc)}）。原文件保持不变。")


fsync_file = durable.fsync_file  # what restore and backup call


def _temp_stem(target: Path) -> str:
    """".<target name>", cut (and told apart by a hash) when the name is too long to carry more."""
    name = target.name
    encoded = name.encode("utf-8")
    if len(encoded) <= NAME_ROOM:
        return f".{name}"
    cut = encoded[:NAME_ROOM - 9].decode("utf-8", "ignore")
    return f".{cut}~{hashlib.sha256(encoded).hexdigest()[:8]}"


def partial_path(target: Path) -> Path:
    return target.with_name(f"{_temp_stem(target)}.{os.getpid()}{PARTIAL_SUFFIX}")


def remove_leftovers(target: Path | str) -> None:
    """The temporary files and folders earlier writes of target left when their program was killed; those of
    a program still running (this one included) stay."""
    target = Path(target)
    owned = re.compile(rf"{re.escape(_temp_stem(target))}\.(\d+)(?:{re.escape(PARTIAL_SUFFIX)}"
                       rf"|\.[^.]+{re.escape(SCRATCH_SUFFIX)})")
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            found = owned.fullmatch(entry.name)
            if found and not processes.alive(int(found.group(1))):
                _remove(Path(entry.path), entry.is_dir(follow_symlinks=False))


def _remove(path: Path, folder: bool) -> None:
    with contextlib.suppress(OSError):
        if folder:
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


@contextmanager
def scratch_folder(target: Path | str):
    """A private folder beside target for the intermediate files of writing it, removed when the block ends
    (and by the next write of target if this program is killed meanwhile)."""
    target = Path(target)
    folder = Path(tempfile.mkdtemp(dir=target.parent, prefix=f"{_temp_stem(target)}.{os.getpid()}.",
                                   suffix=SCRATCH_SUFFIX))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class OutputFile:
    """A file a library writes a zip into (XlsxWriter, python-docx take a stream). Once abandoned (after a failed
    write) it takes nothing more, so the library's zip left unclosed has nothing to fail on when it is collected
    (no "Exception ignored in: ZipFile.__del__ … OSError: No space left on device" on stderr)."""

    def __init__(self, path: Path):
        self._file = open(path, "wb")  # noqa: SIM115 - closed by close() or abandon()
        self._position = 0  # once abandoned: where the writes would be (a zip's sizes must stay positive)

    def write(self, data) -> int:
        if self._file:
            return self._file.write(data)
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._file.tell() if self._file else self._position

    def seek(self, offset: int, whence: int = 0) -> int:
        if self._file:
            return self._file.seek(offset, whence)
        self._position = offset if whence == 0 else self._position + offset
        return self._position

    def seekable(self) -> bool:
        return True

    def flush(self) -> None:
        if self._file:
            self._file.flush()

    def close(self) -> None:
        file, self._file = self._file, None
        if file:
            with contextlib.suppress(OSError, ValueError):
                self._position = file.tell()
            file.close()

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self.close()


@contextmanager
def _temporary(target: Path):
    """The temporary file of a write of target, removed at the end; OSErrors told in Chinese."""
    temp = partial_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
        yield temp
    except OSError as exc:
        raise _user_error(exc, target) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


@contextmanager
def atomic_write(target: Path | str):
    """Yield a temporary path to write; on success it replaces target, on any error it is removed.

    Disk-full and permission errors become a UserError in Chinese; the old target is never touched.
    """
    target = Path(target)
    with _temporary(target) as temp:
        yield temp
        durable.replace(temp, target)


def create_new(names: Iterable[Path], write: Callable[[Path], T]) -> tuple[Path, T]:
    """A new file that never replaces another: write(temp) fills a temporary file, which then takes the first
    of names not taken yet (atomically: several programs at once get one name each). Returns that name and
    what write returned; errors as in atomic_write."""
    names = iter(names)
    first = next(names)
    with _temporary(first) as temp:
        value = write(temp)
        for name in itertools.chain([first], names):
            if durable.take_new_name(temp, name):
                return name, value
    raise UserError(f"文件未能保存：{first.parent} 中同名文件过多。")


def write_bytes(target: Path | str, data: bytes) -> None:
    with atomic_write(target) as temp:
        temp.write_bytes(data)


def write_text(target: Path | str, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))
