"""Runs long work off the GUI thread with a progress dialog, cancel, and success/failure callbacks."""

import contextlib
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.errors import Cancelled, UserError
from desktop.services import app_log


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn, signals: _Signals, cancel: threading.Event):
        super().__init__()
        self.fn, self.signals, self.cancel = fn, signals, cancel

    def run(self):
        try:
            result = self.fn(lambda done, total: self._emit(self.signals.progress, done, total), self.cancel)
        except BaseException as exc:  # delivered to the GUI thread, never lost in the worker
            exc.trace = traceback.format_exc()
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.finished, result)

    @staticmethod
    def _emit(signal, *args) -> None:
        with contextlib.suppress(RuntimeError):  # the window closed while the work ran: nobody is left to tell
            signal.emit(*args)


class TaskRunner(QObject):
    """fn(progress, cancel) runs in the pool; callbacks run on the GUI thread."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool.globalInstance()
        self._running: set[_Signals] = set()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(self, fn: Callable, *, label: str, parent: QWidget, on_success: Callable,
               on_failure: Callable, on_cancel: Callable | None = None, quiet: bool = False) -> None:
        """quiet: no progress dialog, for work the officer did not ask for (the start-up backup)."""
        cancel = threading.Event()
        dialog = None if quiet else self._progress_dialog(label, parent, cancel)
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
            if isinstance(exc, Cancelled):
                (on_cancel or (lambda: None))()
                return
            if not isinstance(exc, UserError):  # also when on_failure tells the officer only in the status bar
                app_log.log_unexpected(exc, f"后台任务失败（{label}）")
            on_failure(exc)

        signals.progress.connect(on_progress)
        signals.finished.connect(succeeded)
        signals.failed.connect(failed)
        self.pool.start(_Job(fn, signals, cancel))

    def run_with_store(self, store, fn: Callable, **options) -> None:
        """fn(own_store, progress, cancel) in the pool on a connection of its own (a sqlite3 connection stays on
        the thread that opened it); options as for run()."""
        def work(progress, cancel):
            with store.worker_copy() as own:
                return fn(own, progress, cancel)

        self.run(work, **options)

    @staticmethod
    def _progress_dialog(label: str, parent: QWidget, cancel: threading.Event):
        from PySide6.QtCore import Qt  # the Qt namespace and the dialog are set up when first needed
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(label, "取消", 0, 0, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        return dialog

    def wait(self, msecs: int = 60000) -> bool:
        return self.pool.waitForDone(msecs)
