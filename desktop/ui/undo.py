"""Undo and redo (Ctrl+Z / Ctrl+Y): the Qt undo stack holds operation ids and labels only.

An edit is made first, as one operation on the writer; only when it changed something is its OpCommand
pushed, so the first redo() does nothing. Undo reverses the operation in the data (services.undo) as a new
operation; redo reverses that undo. A step refused (changed elsewhere since, ledger locked) says why and
leaves the stack. What a step changed comes back as Changes: the window refreshes and shows that.
"""

from PySide6.QtGui import QUndoCommand

from desktop.services import undo as undo_service


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
        self._step(lambda store: undo_service.redo(store, self.undo_op_id), undone=False)

    def undo(self):
        self._step(lambda store: undo_service.undo(store, self.op_id), undone=True)

    def _step(self, reverse, undone: bool) -> None:
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
