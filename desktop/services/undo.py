"""Undo and redo of operations, data-level: the Qt undo stack holds only operation ids. Files follow their
rows: an attachment row put back brings its file back from the trash (in the same operation), and a blob
row taken away sends its file to the trash after the commit."""

from desktop.services import trash
from desktop.services.ledgers import ensure_writable
from desktop.store import ledgers_repo, operations
from desktop.store.operations import Changes
from desktop.store.store import Store


def undo(store: Store, op_id: int) -> Changes:
    """Reverse op_id as a new operation; returns what that changed (its op_id is what redo takes).
    .result: the names of files that could not come back (their attachment rows stay away)."""
    return _reverse(store, op_id)


def redo(store: Store, undo_op_id: int) -> Changes:
    return _reverse(store, undo_op_id)


def missing_files_text(changes: Changes) -> str:
    """The notice after an undo whose files did not all come back ("" when they did)."""
    if not changes.result:
        return ""
    return f"以下文件已不在资料库或回收站中，未能恢复：{'、'.join(changes.result)}"


def _refuse_locked(store: Store, op_id: int) -> None:
    """A locked ledger is changed by no undo, except the undo of its lock or unlock itself."""
    found = operations.get(store.db, op_id)
    ledger = ledgers_repo.get_ledger(store.db, found["ledger_id"]) if found and found["ledger_id"] else None
    if ledger is not None and ledger.locked_at and "ledger_seal" not in operations.tables_of(store.db, op_id):
        ensure_writable(store, ledger.id)


def _reverse(store: Store, op_id: int) -> Changes:
    _refuse_locked(store, op_id)
    def files(op):
        missing = trash.files_back(store, op, list(op.reinserted))
        trash.drop_unused_blobs(store, op)
        return missing

    changes = operations.reverse(store.db, op_id, after=files)
    for name in operations.deleted_blob_names(store.db, changes.op_id):
        store.files.remove(name)  # after the commit: a crash leaves an unused file, never a row without one
    return changes
