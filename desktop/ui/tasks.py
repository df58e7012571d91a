"""The window's background work: one writer thread for every write, the thread pool for long reads.

Writes run one at a time, in order, on the writer thread's own Store connection (opened and closed on that
thread: a sqlite3 connection never crosses threads). Reads that take long (export, the due list, checks) run
in the pool, each on a connection of its own. Results and failures come back to the GUI thread by signal.
A synchronous runner (tests) runs writes on the GUI thread's own store instead.
"""

import contextlib
import functools
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.errors import Cancelled, UserError
from desktop.services import app_log


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


def _emit(signal, *args) -> None:
    with contextlib.suppress(RuntimeError):  # the window closed while the work ran: nobody is left to tell
        signal.emit(*args)


def _deliver(signals: _Signals, call: Callable) -> None:
    """call() on this thread; its result or failure goes to the GUI thread."""
    try:
        result = call()
    except BaseException as exc:  # delivered to the GUI thread, never lost in the worker
        exc.trace = traceback.format_exc()
        _emit(signals.failed, exc)
    else:
        _emit(signals.finished, result)


class _PoolJob(QRunnable):
    def __init__(self, call: Callable, signals: _Signals):
        super().__init__()
        self.call, self.signals = call, signals

    def run(self):
        _deliver(self.signals, self.call)


_STOP = object()
SHORT_WRITE_S = 0.1  # call() waits this long for a write before it lets the window repaint meanwhile


class _WriterThread:
    """One thread, one connection, jobs in the order they came."""

    def __init__(self):
        import queue  # with heapq: loaded with the writer's first job, not at start-up

        self._jobs = queue.Queue()
        self._thread: threading.Thread | None = None
        self._own = None  # the writer's Store, opened on this thread

    def submit(self, source, job: Callable, signals: _Signals, release: bool) -> None:
        """job(own_store) on the writer; source: the window's Store, whose data directory the writer opens.
        release: the writer's connection is closed first and job gets the data directory (restore)."""
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="writer", daemon=True)
            self._thread.start()
        self._jobs.put((source, job, signals, release))

    def _loop(self):
        while True:
            entry = self._jobs.get()
            if entry is _STOP:
                self._close()
                return
            source, job, signals, release = entry
            if release:
                self._close()
                _deliver(signals, functools.partial(job, source.data))
            else:
                _deliver(signals, functools.partial(self._run_on_own, job, source))

    def _run_on_own(self, job: Callable, source):
        return job(self._store_for(source))

    def _store_for(self, source):
        if self._own is not None and self._own.data.root != source.data.root:
            self._close()
        if self._own is None:
            self._own = source.worker_copy()
        return self._own

    def _close(self):
        if self._own is not None:
            with contextlib.suppress(Exception):
                self._own.close()
            self._own = None

    def stop(self, timeout: float) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(_STOP)
            self._thread.join(timeout)


class TaskRunner(QObject):
    """run(): fn(progress, cancel) in the pool. write(): fn(store, progress, cancel) on the writer.
    Callbacks run on the GUI thread. A UserError goes to on_failure as it is; anything else is logged first
    (and shown as unexpected when no on_failure is given): never silent."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False):
        super().__init__(parent)
        self.pool = QThreadPool.globalInstance()
        self.synchronous = synchronous
        self._writer_thread: _WriterThread | None = None
        self._running: set[_Signals] = set()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(self, fn: Callable, *, label: str, parent: QWidget, on_success: Callable,
            on_failure: Callable | None = None, on_cancel: Callable | None = None, quiet: bool = False) -> None:
        """quiet: no progress dialog, for work the officer did not ask for (the start-up backup)."""
        signals, cancel = self._connect(label, parent, on_success, on_failure, on_cancel, quiet)
        self.pool.start(_PoolJob(lambda: fn(lambda d, t: _emit(signals.progress, d, t), cancel), signals))

    def run_with_store(self, store, fn: Callable, **options) -> None:
        """A long read: fn(own_store, progress, cancel) in the pool on a connection of its own, opened and
        closed there; options as for run()."""
        def work(progress, cancel):
            with store.worker_copy() as own:
                return fn(own, progress, cancel)

        self.run(work, **options)

    def write(self, store, fn: Callable, *, label: str = "正在保存…", parent: QWidget | None = None,
              on_success: Callable = lambda _result: None, on_failure: Callable | None = None,
              on_cancel: Callable | None = None, quiet: bool = True, release: bool = False,
              cancellable: bool = True) -> None:
        """fn(writer_store, progress, cancel) on the writer thread, after every write asked for before it.
        quiet=False: a progress dialog with 取消 (file copies, demo creation). release=True: the writer's
        connection is closed first and fn gets the data directory instead (restore replaces the file)."""
        signals, cancel = self._connect(label, parent, on_success, on_failure, on_cancel, quiet, cancellable)

        def job(target):
            return fn(target, lambda d, t: _emit(signals.progress, d, t), cancel)

        if self.synchronous:
            _deliver(signals, lambda: job(store.data if release else store))
        else:
            self._writer.submit(store, job, signals, release)

    @property
    def _writer(self) -> _WriterThread:
        if self._writer_thread is None:
            self._writer_thread = _WriterThread()
        return self._writer_thread

    def call(self, store, fn: Callable, *, label: str = "正在保存…", parent: QWidget | None = None,
             quiet: bool = True, release: bool = False):
        """fn(writer_store) on the writer, waited for: returns fn's result or raises its exception, on the GUI
        thread. The event loop runs meanwhile (the window repaints); without a progress dialog (quiet) the
        officer's input waits until the write is done, so nothing else starts in between. quiet=False: a
        progress dialog without 取消 (a file copy is not stopped half-way)."""
        outcome: dict = {}
        ready = threading.Event()  # set on the writer as soon as fn has returned or raised
        loop = QEventLoop()

        def noted(target, _progress, _cancel):
            try:
                outcome["result"] = fn(target)
            except BaseException as exc:
                outcome["error"] = exc
                raise
            finally:
                ready.set()
            return outcome["result"]

        self.write(store, noted, label=label, parent=parent, quiet=quiet, release=release, cancellable=False,
                   on_success=lambda _result: loop.quit(), on_failure=lambda _exc: loop.quit(),
                   on_cancel=loop.quit)
        if quiet:
            ready.wait(SHORT_WRITE_S)  # most writes take a few ms: no event loop (and its repaints) in between
        if not ready.is_set():  # a long one: the window repaints meanwhile
            loop.exec(QEventLoop.ExcludeUserInputEvents if quiet else QEventLoop.AllEvents)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    def _connect(self, label, parent, on_success, on_failure, on_cancel, quiet, cancellable=True):
        cancel = threading.Event()
        dialog = None if quiet else self._progress_dialog(label, parent, cancel, cancellable)
        signals = _Signals()
        self._running.add(signals)

        def on_progress(done, total):
            if dialog is not None:
                dialog.setMaximum(max(total, 1))
                dialog.setValue(min(done, max(total, 1)))

        def finish():
            self._running.discard(signals)
            if dialog is not None:
                dialog.canceled.disconnect(cancel.set)
                dialog.close()
                dialog.deleteLater()

        def succeeded(result):
            finish()
            on_success(result)

        def failed(exc):
            finish()
            if isinstance(exc, Cancelled) and on_cancel is not None:
                on_cancel()
                return
            if isinstance(exc, Cancelled):
                return
            if on_failure is None:
                from desktop.ui.messages import show_error

                show_error(parent, exc, f"未能完成（{label.strip('…').removeprefix('正在')}）")
                return
            if not isinstance(exc, UserError):  # also when on_failure tells the officer only in the status bar
                app_log.log_unexpected(exc, f"后台任务失败（{label}）")
            on_failure(exc)

        signals.progress.connect(on_progress)
        signals.finished.connect(succeeded)
        signals.failed.connect(failed)
        return signals, cancel

    @staticmethod
    def _progress_dialog(label: str, parent: QWidget, cancel: threading.Event, cancellable: bool):
        from PySide6.QtCore import Qt  # the Qt namespace and the dialog are set up when first needed
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(label, "取消", 0, 0, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setValue(0)  # starts the 300 ms: a dialog given no value yet shows only after Qt's own 4 s
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        if not cancellable:
            dialog.setCancelButton(None)
        return dialog

    def wait(self, msecs: int = 60000) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 30000) -> None:
        """The window closes: the writer ends its jobs and closes its connection on its own thread."""
        if self._writer_thread is not None:
            self._writer_thread.stop(msecs / 1000)
