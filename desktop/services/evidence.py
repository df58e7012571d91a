"""Evidence entries with attached files in the managed store."""

import mimetypes
from datetime import date
from pathlib import Path

from desktop.domain import files as file_rules
from desktop.domain.errors import UserError
from desktop.domain.models import Evidence
from desktop.domain.validation import validate_evidence
from desktop.services.ledgers import ensure_writable
from desktop.store import evidence_repo, file_store
from desktop.store.connection import transaction
from desktop.store.store import Store

MAX_FILE_BYTES = 2 * 1024 ** 3


def check_source_file(path: Path) -> None:
    if not path.is_file():
        raise UserError(f"找不到文件：{path}")
    if file_rules.is_refused(path.name):
        raise UserError(f"“{path.name}”是可执行文件或脚本，出于安全考虑不能作为佐证材料。")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"“{path.name}”超过 2 GB，不能加入。")


def add(store: Store, ledger_id: int, *, title: str, kind: str, formed_on: date, description: str = "",
        item_ids=(), files=(), today: date | None = None) -> int:
    ensure_writable(store, ledger_id)
    fields = validate_evidence(title, kind, formed_on, description, item_ids, today or date.today())
    paths = [Path(f) for f in files]
    for path in paths:
        check_source_file(path)
    staged = _stage(store, paths)
    with transaction(store.db):
        evidence_id = evidence_repo.create(store.db, ledger_id, fields)
        for name, stored in staged:
            _attach(store, ledger_id, evidence_id, name, stored)
    return evidence_id


def edit(store: Store, evidence_id: int, *, title: str, kind: str, formed_on: date, description: str = "",
         item_ids=(), add_files=(), remove_attachment_ids=(), today: date | None = None) -> None:
    current = get(store, evidence_id)
    ensure_writable(store, current.ledger_id)
    fields = validate_evidence(title, kind, formed_on, description, item_ids, today or date.today())
    paths = [Path(f) for f in add_files]
    for path in paths:
        check_source_file(path)
    staged = _stage(store, paths)
    with transaction(store.db):
        evidence_repo.edit(store.db, evidence_id, fields)
        removed = [evidence_repo.remove_attachment_row(store.db, a) for a in remove_attachment_ids]
        for name, stored in staged:
            _attach(store, current.ledger_id, evidence_id, name, stored)
        unused = file_store.unused_blobs(store.db, [a.sha256 for a in removed if a])
    _remove_files(store, unused)


def delete(store: Store, evidence_id: int) -> None:
    current = get(store, evidence_id)
    ensure_writable(store, current.ledger_id)
    with transaction(store.db):
        shas = evidence_repo.delete(store.db, evidence_id)
        unused = file_store.unused_blobs(store.db, shas)
    _remove_files(store, unused)


def _stage(store: Store, paths: list[Path]) -> list[tuple[str, tuple[str, int, str]]]:
    """Copy files into the store before the transaction, so the write lock is held briefly."""
    staged = []
    for path in paths:
        name = file_rules.display_name(path.name)
        staged.append((name, store.files.put(path, name)))
    return staged


def _attach(store: Store, ledger_id: int, evidence_id: int, name: str, stored: tuple[str, int, str]) -> None:
    sha, size, stored_name = stored
    file_store.ensure_blob_row(store.db, sha, size, stored_name)
    media_type = mimetypes.guess_type(name)[0] or ""
    file_store.add_attachment_row(store.db, evidence_id, sha, name, size, media_type)
    evidence_repo.log_attachment_added(store.db, ledger_id, evidence_id, name, sha)


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


def openable_path(store: Store, attachment_sha: str, original_name: str) -> Path:
    """The stored file to hand to the system's handler; executables and scripts are refused."""
    if not file_rules.can_open(original_name):
        raise UserError(f"出于安全考虑，程序不直接打开“{original_name}”这类文件。")
    blob = file_store.blob_for(store.db, attachment_sha)
    path = store.files.path_for(blob["stored_name"]) if blob else None
    if path is None or not path.exists():
        raise UserError(f"附件“{original_name}”的文件在资料库中缺失，请从备份恢复或重新添加。")
    return path
