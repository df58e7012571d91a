"""One way to tell the officer about errors and to ask before destructive steps."""

from PySide6.QtWidgets import QWidget

from desktop.domain.errors import UserError


def _message_box():
    """QMessageBox, set up by PySide on the first message rather than at start-up (about 2 ms)."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


def show_error(parent: QWidget | None, exc: BaseException, title: str = "操作未完成") -> None:
    if isinstance(exc, UserError):
        text = str(exc)
    else:
        text = f"发生了意外错误，已保存的数据不受影响。\n\n详细信息：{type(exc).__name__}: {exc}"
    warn(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _message_box().warning(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "确定", no: str = "取消") -> bool:
    QMessageBox = _message_box()
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.AcceptRole)
    box.addButton(no, QMessageBox.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _message_box().information(parent, title, text)
