"""Run work once a window has painted for the first time: the officer sees the ledger before any check."""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, fn: Callable[[], None]):
        super().__init__(window)
        self.window, self.fn = window, fn

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint and isinstance(obj, QWidget) and obj.window() is self.window:
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, self.fn)
        return False


def after_first_paint(window: QWidget, fn: Callable[[], None]) -> None:
    QApplication.instance().installEventFilter(_FirstPaint(window, fn))
