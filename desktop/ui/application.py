"""Starting the GUI: QApplication, Chinese Qt dialogs, the store, the main window, first-start offer."""

import gc
import os
import sys

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from desktop.paths import APP_NAME, DataDir
from desktop.store.store import Store
from desktop.ui.i18n import install_chinese
from desktop.ui.main_window import MainWindow
from desktop.ui.messages import confirm, warn


def create_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    install_chinese(app)
    return app


def open_window(data_dir: DataDir) -> MainWindow | None:
    try:
        # a damaged file is kept under another name; the full quick_check follows the first paint
        store = Store(data_dir, move_damaged=True, quick_check_now=False)
    except Exception as exc:
        warn(None, "无法打开数据", f"{exc}\n\n数据目录：{data_dir.root}")
        return None
    window = MainWindow(store)
    window.show()
    window.after_first_paint(lambda: start_up_checks(window))
    if window.ledger_id is None and not store.moved_aside:  # with a damaged file, restore comes first
        # after the first paint, so the window is visible behind the welcome dialog
        QTimer.singleShot(0, lambda: window.actions_.new_ledger(first_start=True))
    return window


# set by benchmarks/startup_probe.py: time the program's own start-up path to its first painted window
QUIT_AFTER_FIRST_PAINT = "FAZHI_QUIT_AFTER_FIRST_PAINT"
STARTUP_BACKUP_DELAY_MS = 3000
EXIT_WAIT_MS = 30000
SETTLE_AT_THE_LATEST_MS = 3000


def start_up_checks(window: MainWindow) -> None:
    """What start-up must tell or do, once the window is on screen: a damaged database that was moved aside
    (with the offer to restore the newest good backup), the quick_check on a worker connection, a data folder
    on a network or synced drive, and the daily backup."""
    from desktop.services import backup, instance_lock

    store = window.store
    if store.damage_notice:
        offer_newest_backup(window)
    else:
        quick_check_in_background(window)
    from desktop.ui.attachment_open import sweep_in_background

    sweep_in_background(window)  # files a failed save left go to the trash; old viewing copies go away
    warning = instance_lock.network_location_warning(store.data.root)
    if warning:
        warn(window, "数据目录位置不安全", warning)
    # a few seconds later: the officer sees the ledger first, the copy runs in the background
    QTimer.singleShot(STARTUP_BACKUP_DELAY_MS, lambda: window.safety.backup_quietly(backup.backup_if_stale))


def offer_newest_backup(window: MainWindow) -> None:
    from desktop.services import backup

    notice = window.store.damage_notice
    good = backup.newest_good_backup(backup.backup_folders(window.store))
    if good is None:
        warn(window, "数据库已损坏", notice + "\n\n没有找到可用的备份。")
    elif confirm(window, "数据库已损坏", f"{notice}\n\n最近一份完好的备份："
                 f"{good.created:%Y-%m-%d %H:%M}（{good.holds_text}）。现在从它恢复吗？", yes="恢复"):
        window.safety.restore_from(good.path)


def quick_check_in_background(window: MainWindow) -> None:
    """PRAGMA quick_check (about 1 ms per MiB) on a worker connection; damage leads to the recovery offer."""
    def work(store, _progress, _cancel):
        from desktop.services import integrity

        return integrity.quick_problems(store)

    def done(problems: list[str]):
        if problems:
            window.safety.recover_from_damage("；".join(problems[:3]))

    window.runner.run_with_store(window.store, work, label="正在检查数据库…", parent=window, on_success=done, quiet=True,
                      on_failure=lambda exc: window.safety.recover_from_damage(str(exc)))


def run_once(fn):
    done = []

    def once():
        if not done:
            done.append(True)
            fn()

    return once


def report_first_paint_and_quit(app: QApplication) -> None:
    print("painted", flush=True)
    app.exit(0)


def resume_garbage_collection() -> None:
    """desktop.app paused the collector for start-up; what start-up built lives on, so after one collection
    (of start-up's garbage) it is frozen out of later ones."""
    gc.collect()
    gc.freeze()
    gc.enable()


def run_gui(data_dir: DataDir) -> int:
    from desktop.ui.single_instance import SingleInstance, bring_to_front

    app = create_app()
    instance = SingleInstance(data_dir.root)
    if not instance.acquire():
        return 0  # the running window was brought to the front
    window = open_window(data_dir)
    if window is None:
        instance.release()
        return 1
    instance.activate_requested.connect(lambda: bring_to_front(window))
    def settle_start_up():  # what waits for the first frame: answering later starts, the collector
        instance.listen()
        resume_garbage_collection()

    settle = run_once(settle_start_up)
    window.after_first_paint(settle)
    QTimer.singleShot(SETTLE_AT_THE_LATEST_MS, settle)  # a window started minimized paints only when restored
    if os.environ.get(QUIT_AFTER_FIRST_PAINT):
        window.after_first_paint(lambda: report_first_paint_and_quit(app))
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(EXIT_WAIT_MS)  # a background backup or check ends cleanly
    window.store.close()
    instance.release()
    return code
