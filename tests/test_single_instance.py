"""One program per data directory: a second start wakes the first; a crashed start's lock is taken over."""

import subprocess
import sys

from desktop.ui.single_instance import LOCK_NAME, SingleInstance


def test_second_start_wakes_the_first_and_is_refused(qtbot, tmp_path):
    first = SingleInstance(tmp_path)
    assert first.acquire()
    first.listen()  # the program does this once its window has painted
    second = SingleInstance(tmp_path)
    with qtbot.waitSignal(first.activate_requested, timeout=5000):
        assert not second.acquire()
    first.release()
    assert second.acquire()  # free again once the first has quit
    second.release()


def test_lock_left_by_a_killed_process_is_taken_over(qtbot, tmp_path):
    script = ("import os, sys; from PySide6.QtCore import QLockFile; "
              f"lock = QLockFile({str(tmp_path / LOCK_NAME)!r}); assert lock.tryLock(0); "
              "os.kill(os.getpid(), 9)")
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert (tmp_path / LOCK_NAME).exists()  # the crash left its lock behind
    instance = SingleInstance(tmp_path)
    assert instance.acquire()
    instance.release()


def test_second_program_start_on_the_same_data_exits_at_once(tmp_path):
    import os
    import time

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path)]
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / LOCK_NAME).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        second = subprocess.run(command, env=env, capture_output=True, timeout=60)
        assert second.returncode == 0
        assert first.poll() is None  # the first window is still running
    finally:
        first.kill()
        first.wait()


def test_program_starts_to_its_first_painted_window(tmp_path):
    """The real start-up path (argument parsing, lock, data, window) to the first paint, as the start-up
    benchmark times it; the program then quits on its own."""
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FAZHI_QUIT_AFTER_FIRST_PAINT": "1"}
    subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path), "demo", "--year", "2026"],
                   env=env, check=True, capture_output=True, timeout=120)
    started = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path)], env=env,
                             capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines() == ["painted"]
    assert not (tmp_path / LOCK_NAME).exists()  # released on the way out


def test_work_that_ends_after_its_window_closed_is_dropped_quietly(qtbot, capfd):
    """A background check still running when the window closes must not print a traceback at exit."""
    import threading

    from desktop.ui.tasks import TaskRunner

    release = threading.Event()
    runner = TaskRunner()
    finished = []
    runner.run(lambda _progress, _cancel: release.wait(5), label="", parent=None, quiet=True,
               on_success=finished.append, on_failure=finished.append)
    import shiboken6

    for signals in list(runner._running):  # what closing the window at exit does to the job's signal source
        shiboken6.delete(signals)
    release.set()
    assert runner.wait(5000)
    qtbot.wait(50)
    assert "Traceback" not in capfd.readouterr().err
    assert finished == []


def test_a_lock_that_cannot_be_made_is_not_taken_for_another_instance(qtbot, tmp_path):
    import pytest

    from desktop.domain.errors import UserError
    from tests.mounts import full_folder, read_only_folder

    with read_only_folder(tmp_path / "只读"), pytest.raises(UserError, match="不能写入：它所在的磁盘是只读的"):
        SingleInstance(tmp_path / "只读").acquire()
    with full_folder(tmp_path / "满"), pytest.raises(UserError, match="磁盘空间不足"):
        SingleInstance(tmp_path / "满").acquire()
    (tmp_path / "文件").write_bytes(b"")
    with pytest.raises(UserError, match="已有一个同名的文件"):
        SingleInstance(tmp_path / "文件").acquire()


def test_a_stale_lock_on_a_read_only_folder_is_named_not_obeyed(qtbot, tmp_path):
    """A crash left its lock on a stick that is now write-protected: the lock cannot be taken over."""
    import pytest

    from desktop.domain.errors import UserError
    from tests.mounts import read_only_folder

    stale = b"999999\nfazhi\nnohost\n"  # QLockFile's format: pid, program, host
    with read_only_folder(tmp_path / "只读", files={LOCK_NAME: stale}), pytest.raises(UserError, match="不能写入"):
        SingleInstance(tmp_path / "只读").acquire()


def test_a_lock_held_on_another_computer_is_named(qtbot, tmp_path):
    import pytest

    from desktop.domain.errors import UserError

    (tmp_path / LOCK_NAME).write_bytes(b"4242\nfazhi\n\xe5\x8a\x9e\xe5\x85\xac\xe5\xae\xa4-PC\n")  # pid, program, host
    with pytest.raises(UserError, match="正由另一台电脑（办公室-PC）上的本程序使用"):
        SingleInstance(tmp_path).acquire()


def test_a_holder_that_never_answers_is_named_after_a_while(qtbot, tmp_path, monkeypatch):
    import time

    import pytest

    from desktop.domain.errors import UserError
    from desktop.ui import single_instance

    monkeypatch.setattr(single_instance, "WAKE_PATIENCE_MS", 1000)
    holder = SingleInstance(tmp_path)
    assert holder.acquire()  # holds the lock, never listens: a hung window
    began = time.monotonic()
    with pytest.raises(UserError, match="没有响应"):
        SingleInstance(tmp_path).acquire()
    assert time.monotonic() - began >= 1.0
    holder.release()


def test_a_second_start_while_the_first_is_still_coming_up_wakes_it(qtbot, tmp_path):
    """The first window listens only after its first paint: a start in that moment waits and wakes it, rather
    than exiting before anything is on screen."""
    import os

    holder = ("import sys; from pathlib import Path; from PySide6.QtCore import QCoreApplication, QTimer\n"
              "from desktop.ui.single_instance import SingleInstance\n"
              "app = QCoreApplication([]); first = SingleInstance(Path(sys.argv[1])); assert first.acquire()\n"
              "print('locked', flush=True)\n"
              "first.activate_requested.connect(lambda: (print('woken', flush=True), app.quit()))\n"
              "QTimer.singleShot(1500, first.listen); QTimer.singleShot(20000, app.quit); app.exec()\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([sys.executable, "-c", holder, str(tmp_path)], env=env, stdout=subprocess.PIPE,
                               text=True)
    try:
        assert wait_for_line(process, "locked")
        assert not SingleInstance(tmp_path).acquire()
        assert wait_for_line(process, "woken")
    finally:
        process.kill()
        process.wait()


def wait_for_line(process, line: str) -> bool:
    """Read a child's stdout up to `line` (False at its end)."""
    return any(got.strip() == line for got in process.stdout)
