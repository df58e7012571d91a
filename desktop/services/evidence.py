"""Evidence entries with attached files in the managed store."""

import errno
import mimetypes
import sqlite3
import time
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

from desktop.domain import files as file_rules
from desktop.domain.errors import UserError
from desktop.domain.models import Evidence
from desktop.domain.validation import validate_evidence
from desktop.services.ledgers import ensure_writable
from desktop.store import evidence_repo, failures, file_store, operations
from desktop.store.operations import Changes
from desktop.store.store import Store

MAX_FILE_BYTES = 2 * 1024 ** 3
SQLITE_FULL = 13


def check_source_file(path: Path) -> None:
    if not path.is_file():
        raise UserError(f"找不到文件：{path}")
    if file_rules.is_refused(path.name):
        raise UserError(f"“{path.name}”是可执行文件或脚本，出于安全考虑不能作为佐证材料。")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"“{path.name}”超过 2 GB，不能加入。")


def add(store: Store, ledger_id: int, *, title: str, kind: str, formed_on: date, description: str = "",
        item_ids=(), files=(), today: date | None = None) -> Changes:
    """One operation 添加佐证“…” (files copied into the store first); the new id is in .result."""
    ensure_writable(store, ledger_id)
    fields = validate_evidence(title, kind, formed_on, description, item_ids, today or date.today())
    paths = _checked(files)

    def write(op, staged):
        evidence_id = evidence_repo.create(op, ledger_id, fields)
        for name, stored in staged:
            _attach(op, evidence_id, name, stored)
        return evidence_id

    return _save(store, f"添加佐证“{fields['title']}”", ledger_id, paths, write)


def edit(store: Store, evidence_id: int, *, title: str, kind: str, formed_on: date, description: str = "",
         item_ids=(), add_files=(), remove_attachment_ids=(), today: date | None = None) -> Changes:
    """One operation 修改佐证“…”: fields, links, files added and removed (removed files go to the trash)."""
    current = get(store, evidence_id)
    ensure_writable(store, current.ledger_id)
    fields = validate_evidence(title, kind, formed_on, description, item_ids, today or date.today())
    paths = _checked(add_files)
    unused: list[str] = []

    def write(op, staged):
        changed = evidence_repo.edit(op, evidence_id, fields)
        removed = [a for a in (evidence_repo.remove_attachment_row(op, a) for a in remove_attachment_ids) if a]
        for name, stored in staged:
            _attach(op, evidence_id, name, stored)
        unused[:] = file_store.unused_blobs(op, [a.sha256 for a in removed])
        return changed + len(removed) + len(staged)

    changes = _save(store, f"修改佐证“{fields['title']}”", current.ledger_id, paths, write)
    _remove_files(store, unused)
    return changes


def delete(store: Store, evidence_id: int) -> Changes:
    """One operation 删除佐证“…”; its files go to the trash after the commit (an undo brings them back)."""
    current = get(store, evidence_id)
    ensure_writable(store, current.ledger_id)
    unused: list[str] = []

    def remove(op):
        unused.extend(file_store.unused_blobs(op, evidence_repo.delete(op, evidence_id)))

    changes = operations.run(store.db, f"删除佐证“{current.title}”", remove, current.ledger_id)
    _remove_files(store, unused)
    return changes


def _save(store: Store, label: str, ledger_id: int, paths: list[Path], write) -> Changes:
    """Copy the files in, then write(op, staged) as one operation."""
    with _saving(store) as staged:
        staged.extend(_stage(store, paths))
        return operations.run(store.db, label, lambda op: write(op, staged), ledger_id)


def _checked(files) -> list[Path]:
    paths = [Path(f) for f in files]
    for path in paths:
        check_source_file(path)
    return paths


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC or a quota from the file system, SQLITE_FULL from the database."""
    sqlite_code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    return (getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or sqlite_code == SQLITE_FULL
            or "disk is full" in str(exc))


@contextmanager
def _saving(store: Store):
    """Yields the list the save stages its files into. If the save fails, the files it copied in that no
    entry uses go to the trash at once, and a full disk or unwritable folder becomes a Chinese UserError."""
    staged: list[tuple[str, tuple[str, int, str]]] = []
    started = time.time() - 2  # file times are coarse on some file systems
    try:
        yield staged
    except BaseException as exc:
        _discard_staged(store, staged, started)
        error = _save_error(store, exc)
        if error is not None:
            raise error from exc
        raise


def _discard_staged(store: Store, staged, started: float) -> None:
    for _name, (sha, _size, stored_name) in staged:
        with suppress(OSError):  # the save's own error is what the officer must see
            path = store.files.path_for(stored_name)
            fresh = path.exists() and path.stat().st_mtime >= started  # copied (or reused) by this save
            if fresh and file_store.blob_for(store.db, sha) is None:
                store.files.remove(stored_name)


def _save_error(store: Store, exc: BaseException) -> UserError | None:
    if not isinstance(exc, (OSError, sqlite3.Error)):
        return None
    if is_disk_full(exc):
        return UserError(f"磁盘空间不足，佐证材料未保存。请清理数据目录所在的磁盘（{store.data.root}）后再点“保存”；"
                         "已填写的内容仍保留在窗口中。")
    if isinstance(exc, PermissionError) or getattr(exc, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"没有写入权限，佐证材料未保存：{store.data.files}。请检查该文件夹的权限后重试。")
    if isinstance(exc, OSError):
        return UserError(f"文件未能复制进资料库，佐证材料未保存：{failures.reason(exc)}。请检查后重试。")
    return None


def _stage(store: Store, paths: list[Path]):
    """Copy files into the store before the transaction, so the write lock is held briefly."""
    for path in paths:
        name = file_rules.display_name(path.name)
        yield name, store.files.put(path, name)


def _attach(op, evidence_id: int, name: str, stored: tuple[str, int, str], media_type: str = "") -> None:
    sha, size, stored_name = stored
    file_store.ensure_blob_row(op, sha, size, stored_name)
    media_type = media_type or mimetypes.guess_type(name)[0] or ""
    file_store.add_attachment_row(op, evidence_id, sha, name, size, media_type)


def _remove_files(store: Store, stored_names: list[str]) -> None:
    # After commit: a crash here leaves an unreferenced file, never a row without its file.
    for name in stored_names:
        store.files.remove(name)


def get(store: Store, evidence_id: int) -> Evidence:
    found = evidence_repo.get(store.db, evidence_id)
    if found is None:
        raise UserError("找不到该佐证材料，可能已被删除。")
    return found


def page_for_item(store: Store, item_id: int, offset: int, limit: int) -> list[dict]:
    return evidence_repo.for_item_page(store.db, item_id, offset, limit)


def count_for_item(store: Store, item_id: int) -> int:
    return evidence_repo.count_for_item(store.db, item_id)
