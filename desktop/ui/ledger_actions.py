"""Window-level actions on ledgers: create (or demo) and export, the long ones off the GUI thread."""

from pathlib import Path

from desktop.services import ledgers
from desktop.ui.messages import show_error, warn

OPEN_FILE, OPEN_FOLDER = "打开文件", "打开所在文件夹"


class LedgerActions:
    def __init__(self, window):
        self.window = window

    def new_ledger(self, *, first_start: bool = False) -> bool:
        window = self.window
        unit = window.view.ledger.unit_name if window.view else ""
        from desktop.ui.new_ledger_dialog import NewLedgerDialog

        dialog = NewLedgerDialog(window, first_start=first_start, unit_name=unit, create=self._create,
                                 store=window.store, year=window.today.year)
        window.last_dialog = dialog
        if not dialog.exec():
            return False
        window.reload_ledgers(select_id=dialog.ledger_id)
        window.statusBar().showMessage("年度台账已创建", 5000)
        return True

    def _create(self, choice: str, unit_name: str, year: int, template=None) -> int:
        """Called by the dialog, which stays open with its input when this raises."""
        window = self.window
        if choice == "demo":
            from desktop.services import demo  # with its register samples: loaded only for a demo

            today = window.today
            return window.write(lambda s: demo.create_demo_ledger(s, demo.DEMO_UNIT, year, today=today).result,
                                label="正在生成演示台账…", long=True)
        if template is not None:  # another template the officer picked in the dialog
            from desktop.services import templates

            return window.write(lambda s: ledgers.create_ledger(
                s, unit_name, year, templates.install_choice(s.db, template)).result, label="正在创建年度台账…")
        return window.write(lambda s: ledgers.create_ledger(s, unit_name, year).result, label="正在创建年度台账…")

    def export_xlsx(self, *, target: Path | None = None):
        from desktop.services import export_xlsx  # openpyxl loads only when first needed

        self._export("Excel 进度表", export_xlsx.default_file_name, export_xlsx.export_progress_workbook, target,
                     self.window.action_export)

    def export_statistics(self, *, target: Path | None = None):
        from desktop.services import register_export

        self._export("行政执法统计年报", register_export.statistics_file_name,
                     register_export.export_enforcement_statistics, target, self.window.action_statistics)

    def _export(self, what: str, default_name, write, target: Path | None, action, *,
                name_filter: str = "Excel 工作簿 (*.xlsx)", suffix: str = ".xlsx", note=lambda _result: ""):
        """Ask where (unless told), then write off the GUI thread with progress and cancel. note(result): what
        the officer should read beside the finished file (files missing from a binder)."""
        window = self.window
        if window.view is None:
            return
        if target is None:
            from desktop.ui import file_dialogs  # set up when first needed, not at start-up

            chosen = file_dialogs.save_file(window, file_dialogs.EXPORT, f"导出{what}", default_name(window.view.ledger),
                                            name_filter, fallback=window.store.data.exports)
            if chosen is None:
                return
            target = chosen if chosen.suffix.lower() == suffix else chosen.with_name(chosen.name + suffix)
        ledger_id, today = window.view.ledger.id, window.today  # the export's date, as the window has it

        def work(store, progress, cancel):
            from desktop.services import integrity

            integrity.require_sound_database(store)  # nothing is exported from damaged data
            return write(store, ledger_id, target, progress=progress, cancel=cancel, today=today)

        action.setEnabled(False)  # this export's own action: the other one may run meanwhile

        def done(result):
            action.setEnabled(True)
            window.last_export = target
            window.statusBar().showMessage(f"已导出：{target}", 8000)
            offer_to_open(window, "导出完成", f"{what}已保存到：\n{target}{note(result)}", target)

        def failed(exc):
            action.setEnabled(True)
            show_error(window, exc, "导出失败")

        def cancelled():
            action.setEnabled(True)
            window.statusBar().showMessage("已取消导出，未生成文件", 6000)

        window.runner.run_with_store(window.store, work, label=f"正在导出{what}…", parent=window, on_success=done,
                          on_failure=failed, on_cancel=cancelled)


def offer_to_open(window, title: str, text: str, path: Path) -> str | None:
    """The finished file, with 打开文件 and 打开所在文件夹 (and 关闭). Returns the button pressed."""
    from PySide6.QtWidgets import QMessageBox

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
