"""One way to tell the officer about errors and to ask before destructive steps."""

from PySide6.QtWidgets import QWidget

from desktop.domain.errors import UserError
from desktop.services import app_log

ERROR_STYLE = "color: #c0392b;"  # a refusal shown beside its field, in every dialog


def _message_box():
    """QMessageBox, set up by PySide on the first message rather than at start-up (about 2 ms)."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


def show_error(parent: QWidget | None, exc: BaseException, title: str = "操作未完成") -> None:
    """A refusal as it is; anything else is logged with its traceback and named as unexpected."""
    if isinstance(exc, UserError):
        app_log.log.info("%s：%s", title, exc)
        warn(parent, title, str(exc))
    else:
        show_unexpected(parent, exc, title)


def show_unexpected(parent: QWidget | None, exc: BaseException, title: str = "意外错误") -> None:
    path = app_log.log_unexpected(exc, title)
    warn(parent, title, f"{app_log.unexpected_text(path)}\n\n（{type(exc).__name__}: {exc}）")


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _message_box().warning(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "确定", no: str = "取消",
            warning: bool = False) -> bool:
    """warning: a problem with a way out (the warning icon), rather than a question."""
    QMessageBox = _message_box()
    icon = QMessageBox.Warning if warning else QMessageBox.Question
    box = QMessageBox(icon, title, text, QMessageBox.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.AcceptRole)
    box.addButton(no, QMessageBox.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _message_box().information(parent, title, text)
