"""The window's one writer: writes off the GUI thread, in order, on a connection of the writer's own."""

import threading
from datetime import date

import pytest
from PySide6.QtCore import QTimer

from desktop.domain.errors import UserError
from desktop.services import ledgers
from desktop.store.store import Store
from desktop.ui.tasks import TaskRunner
from tests.gui_helpers import accept_message, when_modal


@pytest.fixture
def runner(qapp):
    made = TaskRunner()
    yield made
    made.shutdown()


def test_writes_run_in_order_on_one_thread_with_a_connection_opened_there(qtbot, store, runner, monkeypatch):
    opened_on, ran = [], []
    real_copy = Store.worker_copy

    def copy(self):
        opened_on.append(threading.get_ident())
        return real_copy(self)

    monkeypatch.setattr(Store, "worker_copy", copy)

    def job(number):
        def write(own, _progress, _cancel):
            assert own is not store
            ran.append((number, threading.get_ident()))
            return ledgers.create_ledger(own, f"第{number}镇人民政府", 2025)
        return write

    done = []
    for number in range(3):
        runner.write(store, job(number), on_success=done.append)
    qtbot.waitUntil(lambda: len(done) == 3, timeout=10000)
    gui = threading.get_ident()
    assert [n for n, _ in ran] == [0, 1, 2]
    assert len({t for _, t in ran}) == 1 and ran[0][1] != gui
    assert opened_on == [ran[0][1]]  # one connection, opened on the writer's own thread
    assert [ledger.unit_name for ledger in ledgers.list_ledgers(store)].count("第2镇人民政府") == 1  # committed


def test_the_window_stays_responsive_while_a_slow_write_runs(qtbot, store, runner):
    ticks, released = [], threading.Event()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: (ticks.append(1), len(ticks) >= 5 and released.set()))
    timer.start()

    def slow(own):
        return released.wait(5)  # set only by the GUI thread's timer: a blocked GUI thread would time out

    assert runner.call(store, slow) is True
    timer.stop()
    assert len(ticks) >= 5


def test_a_refusal_comes_back_to_the_caller_as_it_is(qtbot, store, runner):
    def refused(own):
        raise UserError("该年度台账已报送锁定，不能修改。")

    with pytest.raises(UserError, match="已报送锁定"):
        runner.call(store, refused)


def test_an_unexpected_failure_is_shown_and_logged_never_silent(qtbot, store, runner, tmp_path, monkeypatch):
    from desktop.services import app_log

    logged = []
    monkeypatch.setattr(app_log, "log_unexpected", lambda exc, title: logged.append(title) or tmp_path / "log")
    shown = []
    when_modal(accept_message(shown))

    def broken(own, _progress, _cancel):
        raise KeyError("列")

    runner.write(store, broken, label="正在保存…")
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert logged and "KeyError" in shown[0]


def test_a_synchronous_runner_writes_on_the_callers_own_store(store):
    runner = TaskRunner(synchronous=True)
    seen = []
    runner.call(store, lambda own: seen.append((own, threading.get_ident())))
    assert seen == [(store, threading.get_ident())]


def test_long_jobs_of_the_window_run_off_the_gui_thread(qtbot, window, store, monkeypatch):
    """A demo ledger, files copied in with new evidence, a restore: each on the writer thread."""
    from desktop.services import backup, demo, evidence, restore

    threads = {}

    def recording(module, name):
        real = getattr(module, name)

        def run(*args, **kwargs):
            threads[name] = threading.get_ident()
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, run)

    for module, name in ((demo, "create_demo_ledger"), (evidence, "add"), (restore, "restore")):
        recording(module, name)
    ledger_id = window.actions_._create("demo", "", 2025)
    window.reload_ledgers(select_id=ledger_id)
    item = next(i for i in window.view.items if i.level != "part")
    window.select_item(item.id)
    source = store.data.root.parent / "纪要.pdf"
    source.write_bytes(b"%PDF-1.4 minutes")
    window.perform(lambda s: evidence.add(s, ledger_id, title="纪要", kind="其他", formed_on=date(2025, 3, 1),
                                          item_ids=[item.id], files=[source]), long=True)
    made = backup.make_backup(store, "手动")
    shown = []
    when_modal(accept_message(shown))
    before = window.store
    window.safety.restore_from(made.path)
    assert len(shown) == 1 and window.store is not before and window.view is not None  # reopened after it
    gui = threading.get_ident()
    assert set(threads) == {"create_demo_ledger", "add", "restore"}
    assert gui not in threads.values()
