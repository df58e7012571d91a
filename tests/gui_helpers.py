"""Driving modal dialogs in pytest-qt: a handler runs once the next modal widget appears."""

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox


def when_modal(handler, *, exclude=None, timeout_ms=10000):
    """Call handler(widget) as soon as a new modal widget is active (polls the event loop)."""
    state = {"waited": 0, "done": False}

    def poll():
        widget = QApplication.activeModalWidget()
        if widget is not None and widget is not exclude:
            state["done"] = True
            handler(widget)
            return
        state["waited"] += 20
        if state["waited"] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    return state


def accept_message(collected: list, button_text: str | None = None):
    """Handler that records a QMessageBox's text and presses a button (default: the default one)."""

    def handle(box):
        assert isinstance(box, QMessageBox), f"expected a message box, got {type(box).__name__}"
        collected.append(box.text())
        target = None
        if button_text:
            target = next(b for b in box.buttons() if b.text() == button_text)
        (target or box.defaultButton() or box.buttons()[0]).click()

    return handle


def drop_files(widget, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = widget.rect().center()
    enter = QDragEnterEvent(point, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPoint(point), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def type_text(widget, text):
    """Type Chinese the way it arrives from an input method: focus, then one committed string per character.

    QTest.keyClicks only knows ASCII keys (it asserts on 汉字), so Chinese goes through QInputMethodEvent.
    """
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


class ModalWatchdog:
    """Closes any modal widget no test handler took within a few seconds, so a failure never hangs the run."""

    def __init__(self, patience_ms=4000):
        self.patience_ms = patience_ms
        self.stray: list[str] = []
        self._seen = {}
        self._timer = QTimer()
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._check)
        self._timer.start()

    def _check(self):
        widget = QApplication.activeModalWidget()
        if widget is None:
            self._seen.clear()
            return
        waited = self._seen.get(id(widget), 0) + 250
        self._seen[id(widget)] = waited
        if waited >= self.patience_ms:
            text = widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle()
            self.stray.append(f"{type(widget).__name__}: {text}")
            widget.close() if isinstance(widget, QMessageBox) else widget.reject()


def press_keys(window, sequence):
    """Press a shortcut as the officer would: in the active window, on the widget that has focus."""
    from PySide6.QtTest import QTest

    window.activateWindow()
    QApplication.processEvents()
    QTest.keySequence(QApplication.focusWidget() or window, sequence)


def create_ledger_through_dialog(qtbot, window, unit="青山镇人民政府"):
    def fill(dialog):
        dialog.unit.clear()
        type_text(dialog.unit, unit)
        qtbot.mouseClick(dialog.create_button, Qt.LeftButton)

    when_modal(fill)
    assert window.actions_.new_ledger(first_start=True)


def click_item(qtbot, window, code):
    item = next(i for i in window.view.items if i.code == code)
    index = window.model.index_of(item.id)
    window.tree.scrollTo(index)
    rect = window.tree.visualRect(index)
    qtbot.mouseClick(window.tree.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.item_id == item.id
    return item.id


def when_modals(*handlers):
    """Several dialogs in a row (a question, then its result): each handler takes the next modal widget."""
    def run(index, previous=None):
        def handle(widget):
            if index + 1 < len(handlers):
                run(index + 1, widget)
            handlers[index](widget)
        when_modal(handle, exclude=previous)

    run(0)
