"""导入 → one dialog for every import from Excel (an edited 进度表, the registers, a district's checklist): what
will change, the headers the sheet needs, 选择文件… (the folder last used for that import, else where exports
went); the file is read and checked off the GUI thread with progress and 取消; the rows it would add are listed
(or every problem, and 导入 stays off; an edited 进度表's changes each with a tick, and what it leaves alone);
导入 applies it on the window's writer (one Ctrl+Z step, a backup first); then the result is offered."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.domain.errors import Cancelled, UserError
from desktop.ui import file_dialogs
from desktop.ui.import_kinds import KINDS, ImportKind, Preview
from desktop.ui.messages import show_error
from desktop.ui.rows_model import RowsModel

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
IMPORT_TEXT = "导入"


def start(window, key: str) -> "ImportDialog | None":
    """The dialog of one import (refused without a ledger when the import needs one)."""
    kind = KINDS[key]
    if kind.needs_ledger and window.view is None:
        return None
    window.last_dialog = dialog = ImportDialog(window, kind)
    if dialog.exec() and dialog.result_ is not None:
        kind.done(window, dialog.result_)
    return dialog


class ImportDialog(QDialog):
    def __init__(self, window, kind: ImportKind):
        super().__init__(window)
        self.window_, self.kind = window, kind
        self.path: Path | None = None
        self.preview: Preview | None = None
        self.result_ = None
        self.setWindowTitle(kind.title)
        self.resize(820, 560)
        changes = QLabel(f"{kind.changes}。导入前自动备份，{'可撤销（Ctrl+Z）' if kind.undoable else '可从备份恢复'}。",
                         wordWrap=True)
        headers = QLabel(kind.headers, wordWrap=True)
        self.file = QLineEdit(readOnly=True, placeholderText="尚未选择文件")
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self.choose)
        pick = QHBoxLayout()
        pick.addWidget(self.file, 1)
        pick.addWidget(self.choose_button)
        form = QFormLayout()
        if kind.needs_ledger:
            form.addRow("年度台账：", QLabel(window.view.ledger.label))
        form.addRow("将要修改：", changes)
        form.addRow("表格要求：", headers)
        form.addRow("文件：", pick)
        self.status = QLabel("请选择要导入的 Excel 文件。", wordWrap=True)
        self.table = QTableView()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.choices = QListWidget()  # a preview of choices: each row ticked, the ticked ones imported
        self.choices.setWordWrap(True)
        self.choices.itemChanged.connect(self._ticks_changed)
        self.problems = QListWidget()
        self.problems.setStyleSheet("color: #b00020;")
        self.problems.setWordWrap(True)  # a long reason is read whole, not scrolled to
        self.notes_title = QLabel(wordWrap=True)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        for widget in (self.table, self.choices, self.problems, self.notes_title, self.notes):
            widget.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.import_button = buttons.button(QDialogButtonBox.Ok)
        self.import_button.setText(IMPORT_TEXT)
        self.import_button.setEnabled(False)
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.notes_title)
        layout.addWidget(self.notes)
        layout.addStretch(0)
        layout.addWidget(buttons)

    @property
    def purpose(self) -> str:
        return f"import_{self.kind.key}"

    def choose(self) -> None:
        # a first import starts where imports went, else where exports went (an edited 进度表 came from there)
        near = file_dialogs.start_folder(file_dialogs.IMPORT, file_dialogs.start_folder(
            file_dialogs.EXPORT, self.window_.store.data.exports))
        path = file_dialogs.open_file(self, self.purpose, f"{self.kind.title}：选择 Excel 文件", XLSX_FILTER,
                                      fallback=near)
        if path is not None:
            file_dialogs.remember(file_dialogs.IMPORT, path.parent)  # where a first import of another kind starts
            self.read(path)

    def read(self, path: Path) -> None:
        """Read and check the file on a worker, with progress and 取消; nothing is changed yet."""
        self.path, self.preview = Path(path), None
        self.file.setText(str(path))
        self.import_button.setEnabled(False)
        for widget in (self.table, self.choices, self.problems, self.notes_title, self.notes):
            widget.hide()
        self.status.setText("正在读取和检查文件…")
        window, check = self.window_, self.kind.check
        ledger_id = window.view.ledger.id if window.view is not None else None
        today = window.today

        def work(store, progress, cancel):
            try:
                preview = check(store, ledger_id, Path(path), today)
            except UserError as exc:  # unreadable, a header missing: said in the dialog like any problem
                preview = Preview((), [], [str(exc)])
            if cancel.is_set():
                raise Cancelled()
            return preview

        window.runner.run_with_store(window.store, work, label="正在读取和检查文件…", parent=self,
                                     on_success=self._show, on_failure=self._failed, on_cancel=self._cancelled)

    def _show(self, preview: Preview) -> None:
        self.preview = preview
        if preview.problems:
            self.status.setText(f"有 {len(preview.problems)} 处问题，不会导入任何内容。请在 Excel 中改正后重新选择文件：")
            self.problems.clear()
            self.problems.addItems(preview.problems)
            self.problems.show()
            return
        self._show_notes(preview.notes)
        if not preview.rows:
            self.status.setText(preview.summary or "表格中没有可导入的数据（第 1 行为表头，第 2 行起为数据）。")
            return
        self.status.setText(preview.summary or f"共 {len(preview.rows)} 行，导入后将全部添加：")
        if preview.choices:
            self._show_choices(preview)
            return
        self.table.setModel(RowsModel(tuple(preview.labels), preview.rows, self.table))
        self.table.show()
        self.import_button.setEnabled(True)

    def _show_choices(self, preview: Preview) -> None:
        self.choices.blockSignals(True)
        self.choices.clear()
        for row in preview.rows:
            item = QListWidgetItem("　".join(str(v) for v in row))
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            self.choices.addItem(item)
        self.choices.blockSignals(False)
        self.choices.show()
        self.import_button.setText("导入所选修改")
        self._ticks_changed()

    def _show_notes(self, notes: tuple[str, ...]) -> None:
        if not notes:
            return
        self.notes_title.setText(f"以下 {len(notes)} 处不会导入：")
        self.notes.clear()
        self.notes.addItems(list(notes))
        self.notes_title.show()
        self.notes.show()

    def _ticks_changed(self, *_args) -> None:
        self.import_button.setEnabled(bool(self.chosen()))

    def chosen(self) -> tuple:
        """The ticked choices of the preview (every choice a preview without ticks has: none)."""
        if self.preview is None or not self.preview.choices:
            return ()
        return tuple(c for i, c in enumerate(self.preview.choices)
                     if self.choices.item(i).checkState() == Qt.Checked)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("未能读取文件。")
        show_error(self, exc, "未能读取文件")

    def _cancelled(self) -> None:
        self.path = None
        self.file.clear()
        self.status.setText("已取消读取，请重新选择文件。")

    def accept(self) -> None:
        """导入: on the window's writer; a refusal (the file changed since, a locked ledger) keeps the dialog."""
        if self.preview is None or self.preview.problems or not self.preview.rows:
            return
        chosen = self.chosen()
        if self.preview.choices and not chosen:
            return
        window = self.window_
        ledger_id = window.view.ledger.id if window.view is not None else None
        try:
            self.result_ = self.kind.apply(window, ledger_id, self.path, window.today, chosen)
        except UserError as exc:
            show_error(self, exc, "未能导入")
            return
        super().accept()
