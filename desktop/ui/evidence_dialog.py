"""Add or edit one evidence entry: date formed, title, kind, description, linked items, files."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.domain.enums import EVIDENCE_KINDS
from desktop.domain.errors import UserError
from desktop.domain.models import Evidence, LedgerItem
from desktop.domain.registers.checks import evidence_outside_year_text
from desktop.ui.dates import from_qdate, to_qdate
from desktop.ui.drops import AcceptsFiles, refusal_text, split_refused
from desktop.ui.item_links import ItemLinks
from desktop.ui.messages import ERROR_STYLE

FILE_ROLE = Qt.UserRole + 1  # a Path for a new file, an attachment id for a stored one


class FileList(AcceptsFiles, QListWidget):
    """The entry's files; accepts files dropped from the desktop."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setSelectionMode(QListWidget.ExtendedSelection)

    def on_files(self, paths):
        self.parent_dialog().add_files(paths)

    def parent_dialog(self) -> "EvidenceDialog":
        return self.window()


class EvidenceDialog(QDialog):
    def __init__(self, parent, *, items: list[LedgerItem], save: Callable[[dict], None],
                 evidence: Evidence | None = None, current_item_id: int | None = None,
                 files: list[Path] = (), open_attachment: Callable | None = None, read_only: bool = False,
                 today: date | None = None, ledger_year: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("编辑佐证材料" if evidence else "添加佐证材料")
        self.resize(720, 620)
        self._save = save
        self._open_attachment = open_attachment
        self._removed: list[int] = []
        self._today = to_qdate(today) if today else QDate.currentDate()  # the window's today
        self._ledger_year = ledger_year
        self.year_note = QLabel()  # a date outside the ledger's year: a warning, still savable
        self.year_note.setStyleSheet("color: #b9770e;")
        self.year_note.setWordWrap(True)
        self.formed_on = QDateEdit()
        self.formed_on.setCalendarPopup(True)
        self.formed_on.setDisplayFormat("yyyy-MM-dd")
        self.formed_on.setMaximumDate(self._today)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("例如：2025年第一季度党委中心组学法会议纪要")
        self.kind = QComboBox()
        self.kind.addItems(EVIDENCE_KINDS)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(80)
        self.links = ItemLinks(items, evidence.item_ids if evidence else (current_item_id,))
        self.files = FileList(self)
        self.file_notice = QLabel()  # why a file was not taken, next to the list
        self.file_notice.setStyleSheet("color: #c0392b;")
        self.file_notice.setWordWrap(True)
        self.file_notice.setVisible(False)
        self._fill(evidence)
        self.add_files(list(files))
        self._build_layout(read_only)
        self.files.currentItemChanged.connect(self._sync_open_button)
        self.files.itemDoubleClicked.connect(lambda _entry: self._open_selected())  # saved files only
        self._sync_open_button()

    def _build_layout(self, read_only: bool):
        form = QFormLayout()
        self.field_errors: dict[str, QLabel] = {}  # a refusal shows under its field, as in the register forms
        for field, label, widget in (("formed_on", "形成日期", self.formed_on), ("title", "标题", self.title_edit),
                                     ("kind", "类别", self.kind), ("description", "说明", self.description),
                                     ("item_ids", "证明的条目", self.links)):
            form.addRow(label, widget)
            self.field_errors[field] = _error_label()
            form.addRow("", self.field_errors[field])
            if field == "formed_on":
                form.addRow("", self.year_note)
        self.title_edit.textChanged.connect(lambda: self._clear_error("title"))
        self.formed_on.dateChanged.connect(lambda: self._clear_error("formed_on"))
        self.formed_on.dateChanged.connect(self._sync_year_note)
        self._sync_year_note()
        self.kind.currentIndexChanged.connect(lambda: self._clear_error("kind"))
        self.description.textChanged.connect(lambda: self._clear_error("description"))
        self.links.list.itemChanged.connect(lambda _entry: self._clear_error("item_ids"))
        file_buttons = QHBoxLayout()
        self.add_file_button = QPushButton("添加文件…")
        self.remove_file_button = QPushButton("移除所选文件")
        self.open_file_button = QPushButton("打开文件")
        for button in (self.add_file_button, self.remove_file_button, self.open_file_button):
            file_buttons.addWidget(button)
        self.add_file_button.clicked.connect(self._choose_files)
        self.remove_file_button.clicked.connect(self._remove_selected)
        self.open_file_button.clicked.connect(self._open_selected)
        form.addRow("附件（可拖入）", self.files)
        form.addRow("", self.file_notice)
        form.addRow("", file_buttons)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if read_only:
            self.buttons.button(QDialogButtonBox.Save).setEnabled(False)
            for button in (self.add_file_button, self.remove_file_button):
                button.setEnabled(False)
        self.error = _error_label()  # a failure that concerns no single field (a full disk, …)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _sync_year_note(self, *_):
        formed = from_qdate(self.formed_on.date())
        outside = self._ledger_year is not None and formed.year != self._ledger_year
        self.year_note.setText(evidence_outside_year_text(formed, self._ledger_year) if outside else "")
        self.year_note.setVisible(outside)

    def _show_error(self, exc: UserError) -> None:
        label = self.field_errors.get(getattr(exc, "field", None), self.error)
        label.setText(str(exc))
        label.setVisible(True)
        widget = {"formed_on": self.formed_on, "title": self.title_edit, "kind": self.kind,
                  "description": self.description, "item_ids": self.links}.get(getattr(exc, "field", None))
        if widget is not None:
            widget.setFocus()

    def _clear_error(self, field: str) -> None:
        self.field_errors[field].setVisible(False)
        self.error.setVisible(False)

    def error_text(self) -> str:
        """What the dialog refuses at the moment, as the officer reads it."""
        return "\n".join(label.text() for label in (*self.field_errors.values(), self.error) if label.isVisible())

    def _fill(self, evidence: Evidence | None):
        if evidence is None:
            self.formed_on.setDate(self._today)
            return
        self.formed_on.setDate(to_qdate(evidence.formed_on))
        self.title_edit.setText(evidence.title)
        self.kind.setCurrentText(evidence.kind)
        self.description.setPlainText(evidence.description)
        for attachment in evidence.attachments:
            entry = QListWidgetItem(f"{attachment.original_name}（{_size_text(attachment.size)}）")
            entry.setData(FILE_ROLE, attachment)
            self.files.addItem(entry)

    def add_files(self, paths: list[Path]):
        """Executables, scripts and files that are gone or too large are refused here, with the reason
        shown under the list, so nothing the save would refuse ever sits in it."""
        accepted, reasons = split_refused(paths)
        self.file_notice.setText(refusal_text(reasons))
        self.file_notice.setVisible(bool(reasons))
        known = {self.files.item(r).data(FILE_ROLE) for r in range(self.files.count())}
        for path in accepted:
            if path in known:
                continue
            entry = QListWidgetItem(f"{path.name}（新加入，保存后可打开，{_size_text(path.stat().st_size)}）")
            entry.setData(FILE_ROLE, path)
            self.files.addItem(entry)
        if not self.title_edit.text() and accepted:
            self.title_edit.setText(accepted[0].stem)

    def _choose_files(self):
        from desktop.ui import file_dialogs

        self.add_files(file_dialogs.open_files(self, file_dialogs.EVIDENCE, "选择佐证文件",
                                               "文档和图片 (*.pdf *.ofd *.doc *.docx *.xls *.xlsx *.wps *.et "
                                               "*.jpg *.jpeg *.png *.mp4 *.mp3 *.zip *.rar *.txt);;所有文件 (*)"))

    def _remove_selected(self):
        for entry in self.files.selectedItems():
            value = entry.data(FILE_ROLE)
            if not isinstance(value, Path):
                self._removed.append(value.id)
            self.files.takeItem(self.files.row(entry))

    def _stored_current(self):
        """The selected attachment if it is saved; a file added in this dialog is not opened before saving."""
        entry = self.files.currentItem()
        value = entry.data(FILE_ROLE) if entry is not None else None
        return None if value is None or isinstance(value, Path) else value

    def _sync_open_button(self, *_):
        stored = self._stored_current() is not None
        self.open_file_button.setEnabled(stored and self._open_attachment is not None)
        self.open_file_button.setToolTip("" if stored else "新加入的文件保存后才能打开")

    def _open_selected(self):
        stored = self._stored_current()
        if stored is not None and self._open_attachment is not None:
            self._open_attachment(stored)

    def values(self) -> dict:
        new_files = [value for value in (self.files.item(r).data(FILE_ROLE) for r in range(self.files.count()))
                     if isinstance(value, Path)]
        item_ids = self.links.checked_ids()
        return {"formed_on": from_qdate(self.formed_on.date()), "title": self.title_edit.text(),
                "kind": self.kind.currentText(), "description": self.description.toPlainText(),
                "item_ids": item_ids, "files": new_files, "removed_attachment_ids": list(self._removed)}

    def accept(self):
        try:
            self._save(self.values())
        except UserError as exc:  # keep the dialog and everything typed in it
            self._show_error(exc)
            return
        super().accept()


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _size_text(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""

