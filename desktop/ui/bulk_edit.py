"""批量设置: one field (责任人, 责任科室 or 进度) set on the items selected in the checklist, as one operation and
one undo step."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
)

from desktop.domain.enums import PROGRESS
from desktop.services import ledgers

FIELDS = {"owner": "责任人", "department": "责任科室", "progress": "进度"}


class BulkEditDialog(QDialog):
    def __init__(self, parent, count: int):
        super().__init__(parent)
        self.setWindowTitle("批量设置")
        self.field = QComboBox()
        for key, label in FIELDS.items():
            self.field.addItem(label, key)
        self.text = QLineEdit()
        self.text.setPlaceholderText("留空即清除")
        self.progress = QComboBox()
        self.progress.addItems(PROGRESS)
        self.value_box = QStackedWidget()
        self.value_box.addWidget(self.text)
        self.value_box.addWidget(self.progress)
        self.field.currentIndexChanged.connect(
            lambda *_: self.value_box.setCurrentWidget(self.progress if self.key == "progress" else self.text))
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("设置")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"为选中的 {count} 项设置："))
        form.addRow("字段：", self.field)
        form.addRow("新值：", self.value_box)
        form.addRow(self.buttons)

    @property
    def key(self) -> str:
        return self.field.currentData()

    def value(self) -> str:
        return self.progress.currentText() if self.key == "progress" else self.text.text().strip()


def selected_item_ids(window) -> list[int]:
    """The checklist rows selected (parts left out: they have no owner or progress of their own)."""
    from desktop.ui.checklist_model import ITEM_ID_ROLE

    rows = window.tree.selectionModel().selectedRows(0)
    ids = [index.data(ITEM_ID_ROLE) for index in rows]
    items = {i.id: i for i in window.view.items} if window.view else {}
    return [i for i in ids if i in items and items[i].level != "part"]


def bulk_set(window) -> None:
    """From the menu: ask which field and value, then set it on every selected item at once."""
    from desktop.ui.messages import show_error

    ids = selected_item_ids(window)
    if not ids or not window.writable:
        return
    dialog = BulkEditDialog(window, len(ids))
    window.last_dialog = dialog
    if not dialog.exec():
        return
    key, value = dialog.key, dialog.value()
    try:
        changes = window.perform(lambda store: ledgers.set_items_field(store, ids, key, value))
    except Exception as exc:
        show_error(window, exc, "未能批量设置")
        return
    window.statusBar().showMessage(f"已为 {changes.result or 0} 项设置{FIELDS[key]}", 6000)
