"""修改记录 and 已删除的佐证 from the window's menus: the change log of an item or an evidence entry, and deleted
evidence brought back with its files."""

from desktop.domain.errors import UserError
from desktop.services import evidence as evidence_service
from desktop.services import history, ledgers
from desktop.ui.history_dialog import DeletedEvidenceDialog, HistoryDialog
from desktop.ui.messages import show_error


class HistoryActions:
    def __init__(self, window):
        self.window = window

    def show_item_history(self):
        window = self.window
        if window.item_id is None:
            return
        item = ledgers.get_item(window.store, window.item_id)
        lines = history.lines_for(window.store, "ledger_item", window.item_id)
        window.last_dialog = HistoryDialog(window, f"{item.code} {item.title}", lines,
                                           open_operation=self.show_operation)
        window.last_dialog.exec()

    def show_last_operation(self):
        """The step Ctrl+Z would take back, whole: every change it made, each with its entry."""
        window = self.window
        command = window.undo_stack.command(window.undo_stack.index() - 1)
        if command is None:
            show_error(window, UserError("本窗口中还没有可查看的操作。"), "修改记录")
            return
        self.show_operation(command.op_id)

    def show_operation(self, op_id: int, parent=None):
        window = self.window
        view = history.operation_view(window.store, op_id)
        dialog = HistoryDialog(parent or window, view.label, list(view.lines), with_target=True,
                               caption=f"{view.at}　{view.who}　{view.label}：共 {len(view.lines)} 处修改")
        window.last_operation_dialog = dialog
        dialog.exec()

    def show_evidence_history(self):
        window = self.window
        evidence_id = window.current_evidence_id()
        if evidence_id is None:
            show_error(window, UserError("请先在佐证材料表中选中一条。"), "修改记录")
            return
        entry = evidence_service.get(window.store, evidence_id)
        lines = history.lines_for(window.store, "evidence", evidence_id)
        window.last_dialog = HistoryDialog(window, entry.title, lines, open_operation=self.show_operation)
        window.last_dialog.exec()

    def show_deleted_evidence(self):
        window = self.window
        if window.view is None:
            return
        deleted = history.deleted_evidence(window.store, window.view.ledger.id)
        window.last_dialog = DeletedEvidenceDialog(window, deleted, self.restore_deleted_evidence)
        window.last_dialog.exec()

    def restore_deleted_evidence(self, evidence_id: int) -> bool:
        window = self.window
        try:
            result = window.perform(lambda store: history.restore_evidence(store, evidence_id),
                                    label="正在恢复佐证材料…", long=True).result
        except Exception as exc:
            show_error(window, exc, "未能恢复")
            return False
        if result.missing_files:
            show_error(window, UserError("佐证材料已恢复，但以下附件文件已不在文件库中，未能恢复：\n"
                                         + "\n".join(result.missing_files)), "部分附件未恢复")
        window.statusBar().showMessage("佐证材料已恢复", 4000)
        return True
