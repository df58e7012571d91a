"""Starting the GUI: QApplication, Chinese Qt dialogs, the store, the main window, first-start offer."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.paths import APP_NAME, DataDir
from desktop.store.store import Store
from desktop.ui.i18n import install_chinese
from desktop.ui.main_window import MainWindow


def create_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    install_chinese(app)
    return app


def open_window(data_dir: DataDir) -> MainWindow | None:
    try:
        store = Store(data_dir)
    except Exception as exc:
        QMessageBox.critical(None, "无法打开数据", f"{exc}\n\n数据目录：{data_dir.root}")
        return None
    window = MainWindow(store)
    window.show()
    if window.ledger_id is None:
        # after the first paint, so the window is visible behind the welcome dialog
        QTimer.singleShot(0, lambda: window.actions_.new_ledger(first_start=True))
    return window


def run_gui(data_dir: DataDir) -> int:
    from desktop.ui.single_instance import SingleInstance, bring_to_front  # QtNetwork: not on the paint path

    app = create_app()
    instance = SingleInstance(data_dir.root)
    if not instance.acquire():
        return 0  # the running window was brought to the front
    window = open_window(data_dir)
    if window is None:
        instance.release()
        return 1
    instance.activate_requested.connect(lambda: bring_to_front(window))
    code = app.exec()
    window.store.close()
    instance.release()
    return code
