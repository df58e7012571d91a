"""Starting the GUI: QApplication, Chinese Qt dialogs, the store, the main window, first-start offer."""

import errno
import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from desktop.domain.errors import UserError
from desktop.paths import APP_NAME, DataDir
from desktop.services import app_log
from desktop.store.store import Store
from desktop.ui.i18n import install_chinese
from desktop.ui.main_window import MainWindow
from desktop.ui.messages import confirm, show_error, show_unexpected, warn

SQLITE_FULL = 13
EXIT_NOT_STARTED = 1  # the window did not open (the data folder cannot be used); 0 only when it ran or woke another


def create_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    install_chinese(app)
    return app


def open_window(data_dir: DataDir) -> MainWindow:
    """The store and its window; a data folder that cannot be opened raises (UserError, OSError)."""
    # a damaged file is kept under another name; the full quick_check follows the first paint
    store = Store(data_dir, move_damaged=True, quick_check_now=False)
    window = MainWindow(store)
    window.show()
    window.after_first_paint(lambda: start_up_checks(window))
    if window.ledger_id is None and not store.moved_aside:  # with a damaged file, restore comes first
        # after the first paint, so the window is visible behind the welcome dialog
        # not for a window closed meanwhile (its store is closed: the dialog reads the installed templates)
        QTimer.singleShot(0, lambda: window.isVisible() and window.actions_.new_ledger(first_start=True))
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

    def failed(exc):  # only damage leads to setting the file aside; anything else is named as it is
        from desktop.store import backup_store

        if backup_store.is_damage(exc):
            window.safety.recover_from_damage(str(exc))
        else:
            show_error(window, exc, "数据库检查未完成")

    window.runner.run_with_store(window.store, work, label="正在检查数据库…", parent=window, on_success=done, quiet=True,
                                 on_failure=failed)


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
    from desktop import __version__
    from desktop.ui import error_reporting
    from desktop.ui.single_instance import bring_to_front

    app = create_app()
    error_reporting.install()
    app_log.log.info("窗口启动：版本 %s，数据目录 %s", __version__, data_dir.root)
    started = start(data_dir)
    if isinstance(started, int):
        app_log.log.info("窗口未打开，退出码 %s", started)
        app_log.close()
        return started
    instance, window = started
    instance.activate_requested.connect(lambda: bring_to_front(window))
    def settle_start_up():  # what waits for the first frame: answering later starts, the log file, the collector
        instance.listen()
        app_log.ensure()
        resume_garbage_collection()

    settle = run_once(settle_start_up)
    window.after_first_paint(settle)
    QTimer.singleShot(SETTLE_AT_THE_LATEST_MS, settle)  # a window started minimized paints only when restored
    if os.environ.get(QUIT_AFTER_FIRST_PAINT):
        window.after_first_paint(lambda: report_first_paint_and_quit(app))
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(EXIT_WAIT_MS)  # a background backup or check ends cleanly
    window.runner.shutdown(EXIT_WAIT_MS)  # the writer's queued writes are in, its connection closed
    window.store.close()
    instance.release()
    app_log.log.info("窗口关闭，退出码 %s", code)
    app_log.close()
    return code


def start(data_dir: DataDir):
    """Lock the data folder and open its window: (instance, window), or the exit code when it did not open
    (0: another window on this folder runs and was brought to the front). A folder that cannot be used is
    named, with the offer to choose another; in place of the default folder, the choice is kept."""
    remember = _is_default(data_dir)  # a folder given with --data-dir is replaced for this run only
    chosen = False
    while True:
        outcome = _open_folder(data_dir)
        if not isinstance(outcome, str):
            if chosen and remember and not isinstance(outcome, int):
                _remember(data_dir)
            return outcome
        data_dir = other_data_folder(data_dir, outcome, remember)
        if data_dir is None:
            return EXIT_NOT_STARTED
        chosen = True
        app_log.configure(data_dir.root)
        app_log.log.info("改用数据文件夹 %s", data_dir.root)


def _open_folder(data_dir: DataDir):
    """(instance, window); an exit code; or, as a str, why this folder cannot be used."""
    from desktop.ui.single_instance import SingleInstance

    instance = SingleInstance(data_dir.root)
    try:
        if not instance.acquire():
            app_log.log.info("数据文件夹 %s 已由另一个窗口打开，已把它调到前面", data_dir.root)
            return 0
    except UserError as exc:
        return str(exc)
    try:
        return instance, open_window(data_dir)
    except (UserError, OSError) as exc:
        instance.release()
        return _open_failure_text(data_dir, exc)
    except Exception as exc:
        instance.release()
        show_unexpected(None, exc, "无法打开数据")
        return EXIT_NOT_STARTED


def _is_default(data_dir: DataDir) -> bool:
    from desktop.paths import PORTABLE_MARKER, default_data_dir, program_dir

    return not (program_dir() / PORTABLE_MARKER).exists() and DataDir(default_data_dir()).root == data_dir.root


def _remember(data_dir: DataDir) -> None:
    from desktop.services import instance_lock

    saved = instance_lock.remember_chosen_folder(data_dir.root)
    if saved:
        app_log.log.info("以后启动使用数据文件夹 %s（记录在 %s）", data_dir.root, saved)
    else:
        app_log.log.error("未能记下数据文件夹 %s：本次使用", data_dir.root)


def _open_failure_text(data_dir: DataDir, exc: BaseException) -> str:
    """Why the data could not be opened: the folder's own problem (read-only, full disk) comes first."""
    from desktop.services import instance_lock

    problem = instance_lock.data_folder_problem(data_dir.root)
    if problem:
        return problem
    if _disk_full(exc):  # room for a probe, not for the database
        exc = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if isinstance(exc, OSError):
        return instance_lock.folder_error_text(data_dir.root, exc)
    return f"无法打开数据文件夹 {data_dir.root} 中的数据：{exc}"


def _disk_full(exc: BaseException) -> bool:
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    return (getattr(cause, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_FULL


def other_data_folder(data_dir: DataDir, problem: str, remember: bool) -> DataDir | None:
    """Say what is wrong with the folder; the folder the officer chooses instead, or None to quit.
    remember: the choice is kept for later starts (the default folder was the one that failed)."""
    from PySide6.QtWidgets import QFileDialog

    from desktop.paths import chosen_folder_file

    app_log.log.error("数据文件夹不能使用：%s", problem)
    keep = f"以后启动也使用它（记录在 {chosen_folder_file()}）" if remember else "本次使用"
    if not confirm(None, "无法使用数据文件夹", f"{problem}\n\n可以选择另一个数据文件夹（{keep}），或退出程序。",
                   yes="选择其他数据文件夹…", no="退出", warning=True):
        return None
    start_in = next((str(p) for p in (data_dir.root.parent, Path.home()) if p.is_dir()), "")
    chosen = QFileDialog.getExistingDirectory(None, "选择数据文件夹", start_in)
    return DataDir(chosen) if chosen else None
