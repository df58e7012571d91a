"""Undo and redo of operations, data-level: the Qt undo stack holds only operation ids."""

from desktop.store import operations
from desktop.store.operations import Changes
from desktop.store.store import Store


def undo(store: Store, op_id: int) -> Changes:
    """Reverse op_id as a new operation; returns what that changed (its op_id is what redo takes)."""
    return operations.reverse(store.db, op_id)


def redo(store: Store, undo_op_id: int) -> Changes:
    return operations.reverse(store.db, undo_op_id)
