"""导入 → 修改过的进度表…: a 任务清单 a colleague edited in WPS or Excel comes back. The file is read off the
GUI thread; the changes are shown item by item, each with a tick; the ticked ones are applied on the window's
writer as one operation (one Ctrl+Z step, a backup first)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.domain.errors import Cancelled
from desktop.ui import file_dialogs
from desktop.ui.messages import inform, show_error

PURPOSE = "import_workbook"  # the file dialog's remembered folder, as the import dialog names its own


def import_workbook(window) -> None:
    if window.view is None:
        return
    path = file_dialogs.open_file(window, PURPOSE, "导入修改过的进度表（本台账导出的 Excel 进度表）",
                                  "Excel 工作簿 (*.xlsx)", fallback=file_dialogs.start_folder(file_dialogs.IMPORT))
    if path is None:
        return
    file_dialogs.remember(file_dialogs.IMPORT, path.parent)  # as the import dialog does
    ledger_id, today = window.view.ledger.id, window.today

    def read(store, progress, cancel):
        from desktop.services import roundtrip


        diff = roundtrip.read(store, ledger_id, path, today)
        if cancel.is_set():  # 取消 while reading: nothing is shown, nothing changed
            raise Cancelled()
        return diff

    window.runner.run_with_store(window.store, read, label="正在读取和检查文件…", parent=window,
                                 on_success=lambda diff: _review(window, ledger_id, diff),
                                 on_failure=lambda exc: show_error(window, exc, "未能导入"),
                                 on_cancel=lambda: window.statusBar().showMessage("已取消读取，未导入任何修改", 6000))


def _review(window, ledger_id: int, diff) -> None:
    if not diff.changes:
        problems = "\n".join(str(p) for p in diff.problems[:20])
        inform(window, "没有可导入的修改", f"{diff.file_name} 与台账一致，没有修改。" + (
            f"\n\n以下各处未导入：\n{problems}" if problems else ""))
        return
    window.last_dialog = dialog = RoundTripDialog(window, diff)
    if not dialog.exec():
        return
    accepted = dialog.accepted_changes()
    if not accepted:
        return

    def apply(store):
        from desktop.services import roundtrip

        return roundtrip.apply(store, ledger_id, accepted, file_name=diff.file_name)

    try:
        changes = window.perform(apply, label="正在导入修改…", long=True)
    except Exception as exc:
        show_error(window, exc, "未能导入")
        return
    window.statusBar().showMessage(f"已导入：{changes.label}（可用 Ctrl+Z 撤销）", 8000)


class RoundTripDialog(QDialog):
    """Every change the workbook would make, ticked; cells that could not be read, listed apart."""

    def __init__(self, parent, diff):
        super().__init__(parent)
        self.diff = diff
        self.setWindowTitle("导入修改过的进度表")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{diff.summary()}。请勾选要导入的修改（导入前会自动备份，导入后可撤销）："))
        self.list = QListWidget()
        for change in diff.changes:
            row = QListWidgetItem(str(change))
            row.setFlags(row.flags() | Qt.ItemIsUserCheckable)
            row.setCheckState(Qt.Checked)
            self.list.addItem(row)
        layout.addWidget(self.list)
        if diff.problems:
            layout.addWidget(QLabel(f"以下 {len(diff.problems)} 处不会导入："))
            problems = QPlainTextEdit("\n".join(str(p) for p in diff.problems))
            problems.setReadOnly(True)
            problems.setMaximumHeight(120)
            layout.addWidget(problems)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("导入所选修改")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accepted_changes(self) -> list:
        return [c for i, c in enumerate(self.diff.changes) if self.list.item(i).checkState() == Qt.Checked]
