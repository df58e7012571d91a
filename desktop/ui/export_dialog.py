"""导出 → every export through one dialog: what the file will hold (counted from the ledger on a worker), where
it goes (the folder last used for that export, 浏览…), 导出 / 取消; then the file is written off the GUI thread
with progress and 取消, and the finished file is offered to open (or its folder)."""

from contextlib import suppress
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from desktop.ui import file_dialogs
from desktop.ui.export_kinds import KINDS, ExportKind
from desktop.ui.messages import confirm, show_error, warn

OPEN_FILE, OPEN_FOLDER = "打开文件", "打开所在文件夹"


def export(window, key: str, target: Path | None = None) -> None:
    """The dialog, then the file (target given: straight to the file, as the tests and scripts ask)."""
    if window.view is None:
        return
    kind = KINDS[key]
    default_name, write = kind.service()
    if target is None:
        window.last_dialog = dialog = ExportDialog(window, kind, default_name(window.view.ledger))
        if not dialog.exec():
            return
        target = dialog.target()
    _run(window, kind, write, target)


def _run(window, kind: ExportKind, write, target: Path) -> None:
    """Off the GUI thread with progress and 取消; an interrupted export leaves no file (the services write
    atomically). Only this export's own action waits meanwhile."""
    ledger_id, today = window.view.ledger.id, window.today  # the export's date, as the window has it
    action = getattr(window, kind.action)

    def work(store, progress, cancel):
        from desktop.services import integrity

        integrity.require_sound_database(store)  # nothing is exported from damaged data
        return write(store, ledger_id, target, progress=progress, cancel=cancel, today=today)

    def done(result):
        action.setEnabled(True)
        window.last_export = target
        window.statusBar().showMessage(f"已导出：{target}", 8000)
        offer_to_open(window, "导出完成", f"{kind.what}已保存到：\n{target}{kind.note(result)}", target)

    def failed(exc):
        action.setEnabled(True)
        show_error(window, exc, "导出失败")

    def cancelled():
        action.setEnabled(True)
        window.statusBar().showMessage("已取消导出，未生成文件", 6000)

    action.setEnabled(False)
    window.runner.run_with_store(window.store, work, label=f"正在{kind.title}…", parent=window, on_success=done,
                                 on_failure=failed, on_cancel=cancelled)


class ExportDialog(QDialog):
    def __init__(self, window, kind: ExportKind, file_name: str):
        super().__init__(window)
        self.kind = kind
        self.setWindowTitle(kind.title)
        self.setMinimumWidth(780)
        self.counts = QLabel("正在统计…", wordWrap=True)
        holds = QLabel(kind.holds, wordWrap=True)
        folder = file_dialogs.start_folder(kind.purpose, file_dialogs.start_folder(file_dialogs.EXPORT,
                                                                                   window.store.data.exports))
        self.path = QLineEdit(str(folder / file_name))
        self.browse_button = QPushButton("浏览…")
        self.browse_button.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("年度台账：", QLabel(window.view.ledger.label))
        form.addRow("文件内容：", holds)
        form.addRow("现有内容：", self.counts)
        form.addRow("保存到：", where)
        self.error = QLabel(wordWrap=True, styleSheet="color: #b00020;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.export_button = buttons.button(QDialogButtonBox.Ok)
        self.export_button.setText("导出")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._count(window)

    def _count(self, window) -> None:
        """How much the file will hold, read on a worker: the dialog is there at once."""
        ledger_id, today, counts = window.view.ledger.id, window.today, self.kind.counts

        def work(store, _progress, _cancel):
            from desktop.services import snapshot

            return counts(snapshot.take(store, ledger_id, today))

        window.runner.run_with_store(window.store, work, label="正在统计…", parent=self, quiet=True,
                                     on_success=lambda text: self._show_counts(text),
                                     on_failure=lambda exc: self._show_counts(f"未能统计：{exc}"))

    def _show_counts(self, text: str) -> None:
        with suppress(RuntimeError):  # the dialog was closed before the count came
            self.counts.setText(text)

    def target(self) -> Path:
        """The chosen path, with the export's suffix."""
        chosen = Path(self.path.text().strip())
        suffix = self.kind.file_type[1]
        return chosen if chosen.suffix.lower() == suffix else chosen.with_name(chosen.name + suffix)

    def browse(self) -> None:
        current = self.target()
        chosen = file_dialogs.save_file(self, self.kind.purpose, self.kind.title, current.name,
                                        self.kind.file_type[0], fallback=current.parent)
        if chosen is not None:
            self.path.setText(str(chosen))

    def accept(self) -> None:
        target = self.target()
        if not self.path.text().strip() or not target.parent.is_dir():
            self._refuse(f"文件夹不存在：{target.parent}。请点“浏览…”选择保存位置。")
            return
        if target.exists() and not confirm(self, "文件已存在", f"{target.name} 已存在，要替换它吗？", yes="替换"):
            return
        file_dialogs.remember(self.kind.purpose, target.parent)
        file_dialogs.remember(file_dialogs.EXPORT, target.parent)  # where a first export of another kind starts
        super().accept()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def offer_to_open(window, title: str, text: str, path: Path) -> str | None:
    """The finished file, with 打开文件 and 打开所在文件夹 (and 关闭). Returns the button pressed."""
    box = QMessageBox(QMessageBox.Information, title, text, QMessageBox.NoButton, window)
    open_file = box.addButton(OPEN_FILE, QMessageBox.AcceptRole)
    open_folder = box.addButton(OPEN_FOLDER, QMessageBox.ActionRole)
    close = box.addButton("关闭", QMessageBox.RejectRole)
    box.setDefaultButton(close)  # Enter only closes: opening starts another program
    window.last_dialog = box
    box.exec()
    if box.clickedButton() is open_file:
        if not open_with_system(path):  # no program for .xlsx: say so, and show where it is
            warn(window, "无法打开文件", f"系统中没有能打开此类文件的程序（例如 WPS 或 Excel）。\n文件在：{path}")
            open_with_system(path.parent)
        return OPEN_FILE
    if box.clickedButton() is open_folder:
        if not open_with_system(path.parent):
            warn(window, "无法打开文件夹", f"系统没有能打开文件夹的程序。文件在：\n{path}")
        return OPEN_FOLDER
    return None


def open_with_system(path: Path) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
