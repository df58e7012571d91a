"""The 帮助 menu: a short Chinese guide, 关于 (version, data folder, template) and 打开数据文件夹."""

from PySide6.QtGui import QAction, QKeySequence

from desktop.paths import APP_NAME, resource_path
from desktop.ui.messages import inform, warn

GUIDE = ("help", "guide.html")
DISTRIBUTION = "fazhi-taizhang"


def install(window) -> dict[str, QAction]:
    """Adds the menu to the window's menu bar; returns its actions by name (for the tests and the toolbar)."""
    menu = window.menuBar().addMenu("帮助(&H)")
    actions = {}
    for name, text, slot, shortcut in (("guide", "使用说明", lambda: show_guide(window), QKeySequence.HelpContents),
                                       ("folder", "打开数据文件夹", lambda: open_data_folder(window), None),
                                       ("about", "关于", lambda: show_about(window), None)):
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(slot)
        menu.addAction(action)
        actions[name] = action
    return actions


def show_guide(window):
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout  # when first asked for

    dialog = QDialog(window)
    dialog.setWindowTitle("使用说明")
    dialog.resize(720, 640)
    browser = QTextBrowser()
    browser.setOpenExternalLinks(False)
    path = resource_path(*GUIDE)
    try:
        browser.setHtml(path.read_text(encoding="utf-8"))
    except OSError:
        browser.setPlainText(f"找不到使用说明文件：{path}\n程序文件可能不完整，请重新安装。")
    buttons = QDialogButtonBox()
    buttons.addButton("关闭", QDialogButtonBox.RejectRole)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    window.last_dialog = dialog
    dialog.show()  # not modal: the officer can read it beside the window
    return dialog


def version() -> str:
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a build without the package's metadata
        return "未知"


def about_text(window) -> str:
    lines = [f"{APP_NAME}", f"版本：{version()}", f"数据文件夹：{window.store.data.root}"]
    if window.view is not None:
        from desktop.services import templates

        template = templates.describe(window.store, window.view.ledger.template_id)
        lines.append(f"当前台账：{window.view.ledger.label}")
        lines.append(f"任务清单模板：{template}")
    lines.append("本程序完全离线运行，不联网。")
    return "\n".join(lines)


def show_about(window) -> None:
    inform(window, "关于", about_text(window))


def open_data_folder(window) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    folder = window.store.data.root
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    warn(window, "无法打开文件夹", f"系统没有能打开文件夹的程序。数据文件夹在：\n{folder}")
    return False
