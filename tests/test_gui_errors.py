"""The window is never silent: unexpected errors name the log file, a data folder that cannot be used is named
with the offer of another, and nothing exits with 0 unless a window ran."""

import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QVBoxLayout, QWidget

from desktop.paths import DataDir
from desktop.services import app_log
from desktop.ui import error_reporting
from desktop.ui.tasks import TaskRunner
from tests.gui_helpers import accept_message, when_modal, when_modals
from tests.mounts import full_folder, read_only_folder

CHOOSE = "选择其他数据文件夹…"


@pytest.fixture
def log_file(tmp_path, monkeypatch, qapp):
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app_log.close()
    path = app_log.setup_logging(tmp_path / "data")
    error_reporting.install()
    error_reporting._shown.update(last=None)
    yield path
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(None)
    app_log.close()


def test_a_slot_that_raises_shows_the_log_file_which_holds_the_traceback(qtbot, log_file):
    button = QPushButton("导出")
    qtbot.addWidget(button)

    def broken_slot():
        raise ZeroDivisionError("缺陷")

    button.clicked.connect(broken_slot)
    shown = []
    when_modal(accept_message(shown))
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    assert "发生了意外错误" in shown[0] and str(log_file) in shown[0]
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "in broken_slot" in text
    assert "ZeroDivisionError: 缺陷" in text


def test_a_background_job_that_fails_is_logged_and_named(qtbot, log_file):
    from desktop.ui.messages import show_error

    def export_job(_progress, _cancel):
        raise KeyError("列")

    runner = TaskRunner()
    shown = []
    when_modal(accept_message(shown))
    runner.run(export_job, label="正在导出…", parent=None, quiet=True,
               on_success=lambda _r: None, on_failure=lambda exc: show_error(None, exc, "导出失败"))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert str(log_file) in shown[0]
    text = log_file.read_text(encoding="utf-8")
    assert "后台任务失败（正在导出…）" in text and "in export_job" in text
    assert text.count("Traceback (most recent call last)") == 1  # the runner and the message box log it once


def test_a_quiet_job_that_fails_leaves_its_traceback_in_the_log(qtbot, log_file):
    def backup_job(_progress, _cancel):
        raise OSError(28, "No space left on device")

    runner = TaskRunner()
    failed = []
    runner.run(backup_job, label="正在自动备份…", parent=None, quiet=True, on_success=failed.append,
               on_failure=failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=10000)
    assert "in backup_job" in log_file.read_text(encoding="utf-8")


def test_qt_warnings_land_in_the_log(qtbot, log_file):
    widget = QWidget()
    qtbot.addWidget(widget)
    QVBoxLayout(widget)
    QVBoxLayout(widget)  # Qt warns: the widget already has a layout
    text = log_file.read_text(encoding="utf-8")
    assert "WARNING desktop.qt" in text and "already has a layout" in text


def test_an_error_in_a_thread_is_logged(log_file):
    def worker():
        raise ValueError("线程里的错误")

    thread = threading.Thread(target=worker, name="导入")
    thread.start()
    thread.join()
    text = log_file.read_text(encoding="utf-8")
    assert "线程 导入 中的意外错误" in text and "ValueError: 线程里的错误" in text


def choose_folder(folder):
    def pick(dialog):
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(folder))  # opened in the folder, 选择 takes it
        dialog.accept()

    return pick


def close_started(started):
    instance, window = started
    window.close()
    window.store.close()
    instance.release()


def test_a_read_only_data_folder_is_named_and_another_folder_starts_the_window(qtbot, tmp_path, log_file, watchdog):
    from desktop.ui.application import start

    other = tmp_path / "另一个文件夹"
    other.mkdir()
    with read_only_folder(tmp_path / "只读"):
        shown = []
        when_modals(accept_message(shown, CHOOSE), choose_folder(other))  # closed before its welcome
        started = start(DataDir(tmp_path / "只读"))
        assert not isinstance(started, int)
        assert "数据文件夹" in shown[0] and "不能写入" in shown[0] and str(tmp_path / "只读") in shown[0]
        assert started[1].store.data.root == other.resolve()
        assert (other / "taizhang.sqlite").exists()
        close_started(started)
        assert "数据文件夹不能使用" in log_file.read_text(encoding="utf-8")


def test_a_full_disk_is_named_and_quitting_exits_non_zero(qtbot, tmp_path, log_file):
    from desktop.ui.application import run_gui

    with full_folder(tmp_path / "满"):
        shown = []
        when_modal(accept_message(shown, "退出"))
        assert run_gui(DataDir(tmp_path / "满")) == 1
        assert "磁盘空间不足" in shown[0] and str(tmp_path / "满") in shown[0]


def test_a_database_from_a_newer_program_is_named_and_exits_non_zero(qtbot, tmp_path, log_file):
    from desktop.store.store import Store
    from desktop.ui.application import run_gui

    data = DataDir(tmp_path / "新版本")
    Store(data).close()
    with sqlite3.connect(data.database) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    shown = []
    when_modal(accept_message(shown, "退出"))
    assert run_gui(data) == 1
    assert "请升级程序" in shown[0] and str(data.root) in shown[0]


def test_an_unexpected_failure_to_open_the_data_names_the_log_and_exits_non_zero(qtbot, tmp_path, log_file,
                                                                                  monkeypatch):
    from desktop.ui import application

    def broken(*_args, **_kw):
        raise AttributeError("缺陷")

    monkeypatch.setattr(application, "Store", broken)
    shown = []
    when_modal(accept_message(shown))
    assert application.start(DataDir(tmp_path / "d")) == 1
    assert str(log_file) in shown[0]
    assert "AttributeError: 缺陷" in log_file.read_text(encoding="utf-8")


def test_a_start_up_check_that_fails_for_another_reason_than_damage_sets_nothing_aside(qtbot, tmp_path, log_file,
                                                                                       monkeypatch, watchdog):
    """Only a damaged file leads to the offer to set it aside; a failing check is named as it is."""
    from desktop.services import integrity, ledgers
    from desktop.store.store import Store
    from desktop.ui.application import open_window

    data = DataDir(tmp_path / "d")
    with Store(data) as store:
        ledgers.create_ledger(store, "青山镇人民政府", 2025)

    def failing_check(_store):
        raise MemoryError("检查时内存不足")

    monkeypatch.setattr(integrity, "quick_problems", failing_check)
    shown = []
    when_modal(accept_message(shown))
    window = open_window(data)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "发生了意外错误" in shown[0] and str(log_file) in shown[0] and "损坏" not in shown[0]
    assert not [p for p in data.root.iterdir() if "损坏" in p.name]
    assert "MemoryError: 检查时内存不足" in log_file.read_text(encoding="utf-8")
    window.close()


def test_a_disk_with_room_for_the_lock_but_not_the_database_says_disk_full(qtbot, tmp_path, log_file):
    from desktop.ui.application import run_gui
    from tests.mounts import mounted

    with mounted(tmp_path / "将满", "size=48k"):
        shown = []
        when_modal(accept_message(shown, "退出"))
        assert run_gui(DataDir(tmp_path / "将满")) == 1
        assert "磁盘空间不足" in shown[0] and "database or disk is full" not in shown[0]


def test_a_folder_chosen_instead_of_the_default_is_used_at_later_starts(qtbot, tmp_path, log_file, monkeypatch,
                                                                       watchdog):
    from desktop.paths import APP_NAME, chosen_folder_file, default_data_dir
    from desktop.ui.application import start

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FAZHI_DATA_DIR", raising=False)
    other = tmp_path / "D盘" / "台账"
    other.mkdir(parents=True)
    with read_only_folder(tmp_path / "home" / APP_NAME):
        assert default_data_dir() == tmp_path / "home" / APP_NAME
        shown = []
        when_modals(accept_message(shown, CHOOSE), choose_folder(other))  # closed before its welcome
        started = start(DataDir(default_data_dir()))
        assert f"以后启动也使用它（记录在 {chosen_folder_file()}）" in shown[0]
        close_started(started)
    assert chosen_folder_file().read_text(encoding="utf-8").strip() == str(other.resolve())
    assert DataDir(default_data_dir()).root == other.resolve()
    assert not [p for p in chosen_folder_file().parent.iterdir() if p.name.endswith(".partial")]


def test_a_folder_given_on_the_command_line_is_replaced_for_this_run_only(qtbot, tmp_path, log_file, monkeypatch,
                                                                         watchdog):
    from desktop.paths import chosen_folder_file
    from desktop.ui.application import start

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    other = tmp_path / "另一个"
    other.mkdir()
    with read_only_folder(tmp_path / "只读"):
        shown = []
        when_modals(accept_message(shown, CHOOSE), choose_folder(other))  # closed before its welcome
        close_started(start(DataDir(tmp_path / "只读")))
        assert "（本次使用）" in shown[0]
    assert not chosen_folder_file().exists()


def test_an_os_error_while_opening_the_data_is_named_in_chinese_and_exits_non_zero(qtbot, tmp_path, log_file,
                                                                                   monkeypatch):
    import errno

    from desktop.ui import application

    def unreadable(*_args, **_kw):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(application, "Store", unreadable)
    shown = []
    when_modal(accept_message(shown, "退出"))
    assert application.run_gui(DataDir(tmp_path / "U盘")) == 1
    assert "磁盘可能已被拔出或已损坏" in shown[0] and str(tmp_path / "U盘") in shown[0]
