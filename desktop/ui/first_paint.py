"""Run work once a widget has painted for the first time: the officer sees the ledger before any check."""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Watches the one widget, not the application: an application-wide filter is called, with a Python
    wrapper made for the object, for every event of every object while the window is built and painted."""

    def __init__(self, widget: QWidget, fn: Callable[[], None]):
        super().__init__(widget)
        self.fn = fn

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, self.fn)  # after the whole paint pass; never after the widget is gone
        return False


def after_first_paint(widget: QWidget, fn: Callable[[], None]) -> None:
    widget.installEventFilter(_FirstPaint(widget, fn))
