"""The window never fails silently: an exception in a slot, an event handler or a thread is logged with its
traceback and shown as a Chinese message naming the log file; Qt's own warnings go into the log too."""

import logging
import time

from desktop.services import app_log
from desktop.ui import messages

qt_log = logging.getLogger("desktop.qt")
# QtMsgType by value: debug, warning, critical, fatal, info
QT_LEVELS = {0: logging.DEBUG, 1: logging.WARNING, 2: logging.ERROR, 3: logging.CRITICAL, 4: logging.INFO}
REPEAT_QUIET_S = 10  # the same error again within this time (a paint event failing on every paint) is only logged

_shown = {"open": False, "last": None, "at": 0.0}


def install() -> None:
    """Route sys.excepthook, threading.excepthook and Qt's messages into the log; the first tells the officer."""
    from PySide6.QtCore import qInstallMessageHandler

    app_log.install_hooks(on_unexpected=tell_unexpected)
    qInstallMessageHandler(qt_message)


def tell_unexpected(exc: BaseException, path) -> None:
    """A message box naming the log file (already written); one at a time, a repeat only in the log."""
    key = (type(exc).__name__, str(exc))
    now = time.monotonic()
    if _shown["open"] or (key == _shown["last"] and now - _shown["at"] < REPEAT_QUIET_S):
        return
    _shown.update(open=True, last=key)
    try:
        messages.show_unexpected(_parent(), exc)
    finally:
        _shown.update(open=False, at=time.monotonic())


def _parent():
    from PySide6.QtWidgets import QApplication

    return QApplication.activeModalWidget() or QApplication.activeWindow()


def qt_message(mode, context, message: str) -> None:
    level = QT_LEVELS.get(getattr(mode, "value", mode), logging.WARNING)
    where = f" ({context.file}:{context.line})" if getattr(context, "file", None) else ""
    if level >= logging.CRITICAL:
        app_log.ensure()  # Qt aborts right after a fatal message: it must reach the file now
    qt_log.log(level, "%s%s", message, where)
