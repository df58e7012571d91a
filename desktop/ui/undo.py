"""Undo and redo (Ctrl+Z / Ctrl+Y): the Qt undo stack holds operation ids and labels only.

An edit is made first, as one operation on the writer; only when it changed something is its OpCommand
pushed, so the first redo() does nothing. Undo reverses the operation in the data (services.undo) as a new
operation; redo reverses that undo. A step refused (changed elsewhere since, ledger locked) says why and
leaves the stack. What a step changed comes back as Changes: the window refreshes and shows that.
"""

from PySide6.QtGui import QUndoCommand


class OpCommand(QUndoCommand):
    """window: has write(fn) (the writer), changes_applied(changes, step_text) and step_refused(exc)."""

    def __init__(self, window, op_id: int, label: str):
        super().__init__(label)
        self.window = window
        self.op_id = op_id  # the operation the next undo reverses (the edit, or the redo of it)
        self.undo_op_id: int | None = None  # the operation the next redo reverses
        self._done_already = True

    def redo(self):
        if self._done_already:
            self._done_already = False
            return
        self._step(lambda store, service: service.redo(store, self.undo_op_id), undone=False)

    def undo(self):
        self._step(lambda store, service: service.undo(store, self.op_id), undone=True)

    def _step(self, step, undone: bool) -> None:
        from desktop.services import (
            undo as undo_service,  # with the trash and the registers: off the start-up
        )

        def reverse(store):
            return step(store, undo_service)

        try:
            changes = self.window.write(reverse, label="正在撤销…" if undone else "正在重做…")
        except Exception as exc:
            self.setObsolete(True)  # it can no longer be taken: off the stack
            self.window.step_refused(exc)
            return
        if undone:
            self.undo_op_id = changes.op_id
        else:
            self.op_id = changes.op_id
        self.window.changes_applied(changes, step_message(self.text(), undone))
        notice = undo_service.missing_files_text(changes)
        if notice:
            self.window.step_notice(notice)


def step_message(label: str, undone: bool) -> str:
    return f"{'已撤销' if undone else '已重做'}：{label}"
