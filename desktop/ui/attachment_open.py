"""Opening an attachment with the system's viewer: a read-only copy under the attachment's own name
(services.attachment_view), never a file that is not saved yet, and a Chinese answer when no program
on the computer opens that type."""

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from desktop.domain.models import Attachment
from desktop.services import attachment_view
from desktop.store.store import Store
from desktop.ui.messages import confirm, show_error, warn

UNSAVED = "新加入的文件要先保存，才能在程序中打开。请先点“保存”。"


def open_attachment(parent: QWidget, store: Store, value) -> bool:
    """Open a stored attachment; True when the system's viewer took it."""
    if not isinstance(value, Attachment):
        warn(parent, "无法打开附件", UNSAVED)
        return False
    try:
        copy = attachment_view.viewing_copy(store, value)
    except Exception as exc:
        show_error(parent, exc, "无法打开附件")
        return False
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
        return True
    offer_folder(parent, copy)
    return False


def offer_folder(parent: QWidget, copy) -> None:
    if not confirm(parent, "没有可以打开此文件的程序",
                   f"这台电脑上没有找到能打开“{copy.name}”的程序。\n请安装相应的软件（例如 WPS Office、"
                   f"PDF 阅读器、图片或视频播放器），或打开副本所在的文件夹，右键选择“打开方式”。\n\n"
                   f"副本所在文件夹：{copy.parent}\n（副本是只读的，改动不会影响资料库中的佐证材料。）",
                   yes="打开所在文件夹", no="关闭"):
        return
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy.parent))):
        warn(parent, "无法打开文件夹", f"也无法打开文件夹，请在文件管理器中找到：{copy.parent}")


def sweep_in_background(window) -> None:
    """At start-up, on the writer: files no entry uses go to the trash, earlier viewing copies go away.
    Quiet: nothing here needs the officer."""
    def work(store, _progress, _cancel):
        from desktop.services import integrity

        integrity.sweep_store(store)
        attachment_view.clear_viewing(store)

    window.runner.write(window.store, work, label="正在整理附件库…", parent=window, quiet=True,
                        on_failure=lambda exc: window.statusBar().showMessage(f"附件库整理未完成：{exc}", 15000))
