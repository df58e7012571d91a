"""The evidence binder (佐证材料包): one zip with the progress workbook and the index 佐证材料目录.xlsx at the top,
one folder per ledger item holding its files (register entries' files under the items they prove), and
SHA256SUMS.txt (`sha256sum -c` reads it). Streamed: each file is copied into the zip in chunks (stored, not
compressed: evidence is PDF and photos), hashed on the way; progress and cancel per chunk; written to a
temporary file beside the target and renamed at the end, so a cancelled or failed binder leaves no zip (and
one that was killed is cleaned up by the next export to the same file).
A file missing from the store is listed (result and index), never a crash."""

import hashlib
import time
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.domain.errors import Cancelled
from desktop.domain.files import component_name
from desktop.domain.models import Ledger
from desktop.services import binder_index, export_target, export_xlsx
from desktop.services.atomic import atomic_write, scratch_folder
from desktop.services.binder_layout import Placed, place
from desktop.services.xlsx_sheets import Steps

CHUNK = 1 << 20
SUMS_NAME = "SHA256SUMS.txt"
MISSING, CHANGED, COPIED = "文件缺失", "校验值不符", "已收入"


@dataclass(frozen=True)
class Problem:
    """A file the binder could not take as it is recorded: missing from the store, or changed there."""

    path: str
    item_code: str
    title: str
    name: str
    reason: str

    @property
    def text(self) -> str:
        return f"{self.item_code} “{self.title}”的文件 {self.name}：{self.reason}"


@dataclass(frozen=True)
class BinderResult:
    path: Path
    files: int  # files in the item folders
    bytes: int
    problems: tuple[Problem, ...]

    @property
    def missing(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.reason == MISSING)


def default_file_name(ledger: Ledger) -> str:
    return component_name(f"{ledger.unit_name}{ledger.year}年度佐证材料包.zip")


class _Progress:
    def __init__(self, total: int, progress, cancel):
        self.total, self.done, self._progress, self._cancel = max(total, 1), 0, progress, cancel

    def check(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()

    def add(self, count: int) -> None:
        self.done += count
        self.check()
        if self._progress:
            self._progress(min(self.done, self.total), self.total)


def export_binder(store, ledger_id: int, out_path: Path | str, *, progress=None, cancel=None,
                  today: date | None = None) -> BinderResult:
    """progress(done, total) in bytes copied; cancel (an Event) stops it and leaves no file."""
    out_path = export_target.checked(store, out_path)
    steps = _Progress(1, progress, cancel)
    steps.check()
    snap, comparison = export_xlsx.take(store, ledger_id, today)
    placed = place(snap)
    sources = [_source(store, p) for p in placed]
    steps.total = max(1, sum(p.file.size for p, src in zip(placed, sources, strict=True) if src) + 2 * CHUNK)
    with atomic_write(out_path) as temp, \
            scratch_folder(out_path) as scratch, \
            zipfile.ZipFile(temp, "w", zipfile.ZIP_STORED, allowZip64=True) as book:
        writer = _ZipWriter(book, steps)
        workbook = export_xlsx.write_workbook(snap, comparison, Path(scratch) / "workbook.xlsx", Steps(1, None, cancel))
        writer.copy(workbook, export_xlsx.default_file_name(snap.ledger))
        problems, copied = [], 0
        for entry, source in zip(placed, sources, strict=True):
            problem = _copy_file(writer, entry, source)
            copied += problem is None or problem.reason == CHANGED
            if problem:
                problems.append(problem)
        index = binder_index.write_index(snap, placed, {p.path: p.reason for p in problems},
                                         Path(scratch) / "index.xlsx")
        writer.copy(index, binder_index.INDEX_NAME)
        book.writestr(_info(SUMS_NAME), "".join(f"{sha}  {name}\n" for name, sha in writer.sums).encode("utf-8"))
        steps.check()
    return BinderResult(out_path, copied, writer.bytes, tuple(problems))


def _source(store, placed: Placed) -> Path | None:
    name = placed.file.stored_name
    if not name:
        return None
    path = store.files.path_for(name)
    return path if path.is_file() else None


def _copy_file(writer: "_ZipWriter", placed: Placed, source: Path | None) -> Problem | None:
    def problem(reason: str) -> Problem:
        return Problem(placed.path, placed.item.code, placed.entry.title, placed.file.name, reason)

    if source is None:
        return problem(MISSING)
    try:
        sha = writer.copy(source, placed.path)
    except FileNotFoundError:  # gone between the listing and the copy (another program's delete)
        return problem(MISSING)
    return problem(CHANGED) if placed.file.sha256 and sha != placed.file.sha256 else None


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_STORED
    return info


class _ZipWriter:
    """Copies files into the zip in chunks, hashing them; remembers (name, sha256) for SHA256SUMS.txt."""

    def __init__(self, book: zipfile.ZipFile, steps: _Progress):
        self.book, self.steps, self.sums, self.bytes = book, steps, [], 0
        self._buffer = bytearray(CHUNK)

    def copy(self, source: Path, name: str) -> str:
        digest = hashlib.sha256()
        view = memoryview(self._buffer)
        with open(source, "rb") as src, self.book.open(_info(name), "w", force_zip64=True) as dst:
            while True:
                count = src.readinto(self._buffer)
                if not count:
                    break
                chunk = view[:count]
                digest.update(chunk)
                dst.write(chunk)
                self.bytes += count
                self.steps.add(count)
        sha = digest.hexdigest()
        self.sums.append((name, sha))
        return sha
