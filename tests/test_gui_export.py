"""导出 in the window: the menus, one dialog for every export (what it holds, where it goes, 浏览…, 导出/取消),
the file written where the officer chose, cancel leaving nothing, the folder remembered."""

import threading

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton

from desktop.ui.export_dialog import ExportDialog
from tests.gui_helpers import accept_message, create_ledger_through_dialog, when_modal


def _texts(window, title):
    """The texts of a menu bar menu (a.menu() inside a generator hands back a deleted wrapper in PySide6)."""
    for action in window.menuBar().actions():
        if action.text() == title:
            menu = action.menu()
            return [a.text() for a in menu.actions() if not a.isSeparator()]
    raise AssertionError(title)


def test_the_menus_hold_every_export_and_import_in_chinese(qtbot, window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "查看(&V)", "导出(&X)", "导入(&I)", "帮助(&H)"]
    assert _texts(window, "导出(&X)") == ["进度表（Excel）…", "佐证材料包（zip）…", "年度报告草稿（Word）…",
                                               "执法统计年报（Excel）…"]
    assert _texts(window, "导入(&I)")[0] == "修改过的进度表…"
    assert "执法人员…" in _texts(window, "导入(&I)")
    assert "编辑年度报告文字…" in _texts(window, "编辑(&E)")
    assert not any("导出" in t or "导入" in t for t in _texts(window, "文件(&F)"))
    assert window.action_export.shortcuts()[0].toString() == "Ctrl+E"
    assert not window.action_export.isEnabled()  # no ledger yet
    create_ledger_through_dialog(qtbot, window)
    assert window.action_export.isEnabled() and window.action_binder.isEnabled()


def export_through_dialog(qtbot, window, action, target, seen, after=None):
    """action triggered; in its dialog the counts awaited, target typed, 导出 pressed; the message closed."""
    messages = []

    def fill(dialog):
        assert isinstance(dialog, ExportDialog), type(dialog).__name__
        qtbot.waitUntil(lambda: dialog.counts.text() != "正在统计…", timeout=30000)
        seen.update(title=dialog.windowTitle(), counts=dialog.counts.text(), suggested=dialog.path.text())
        dialog.path.setText(str(target))
        answer = after or accept_message(messages)

        def handle(widget):  # the progress dialog may come first (a slow machine)
            if isinstance(widget, QProgressDialog) and after is None:
                when_modal(handle, exclude=widget, timeout_ms=60000)
            else:
                answer(widget)

        when_modal(handle, exclude=dialog, timeout_ms=60000)
        qtbot.mouseClick(dialog.export_button, Qt.LeftButton)

    when_modal(fill, timeout_ms=30000)
    action.trigger()
    return messages


def test_an_export_writes_the_file_where_chosen_and_the_next_starts_there(qtbot, window, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    folder = tmp_path / "交区司法局"
    folder.mkdir()
    seen = {}
    messages = export_through_dialog(qtbot, window, window.action_export, folder / "青山镇进度表", seen)
    qtbot.waitUntil(lambda: bool(messages), timeout=60000)
    assert seen["title"] == "导出 Excel 进度表" and seen["counts"].startswith("条目 112 项（已完成 0 项）")
    target = folder / "青山镇进度表.xlsx"  # the suffix added
    assert messages[0] == f"Excel 进度表已保存到：\n{target}"
    book = openpyxl.load_workbook(target)
    assert "任务清单" in book.sheetnames and book["任务清单"]["A2"].value == "1.1"
    again = {}

    def look(dialog):
        again["path"] = dialog.path.text()
        dialog.reject()

    when_modal(look)
    window.action_binder.trigger()  # another export's first time: where the last export went
    assert again["path"] == str(folder / "青山镇人民政府2025年度佐证材料包.zip")


def test_browse_picks_the_path_and_the_binder_is_written_there(qtbot, window, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda parent, title, suggested, *a, **k: asked.append((title, suggested)) or (str(tmp_path / "包"), "")))
    messages = []

    def fill(dialog):
        qtbot.mouseClick(dialog.browse_button, Qt.LeftButton)
        assert dialog.path.text() == str(tmp_path / "包")
        when_modal(lambda w: when_modal(accept_message(messages), exclude=w, timeout_ms=60000)
                   if isinstance(w, QProgressDialog) else accept_message(messages)(w), exclude=dialog,
                   timeout_ms=60000)
        qtbot.mouseClick(dialog.export_button, Qt.LeftButton)

    when_modal(fill)
    window.action_binder.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=60000)
    assert asked[0][0] == "导出佐证材料包" and asked[0][1].endswith("青山镇人民政府2025年度佐证材料包.zip")
    assert (tmp_path / "包.zip").is_file() and "佐证材料包已保存到" in messages[0]


def test_cancel_in_the_dialog_or_during_the_export_leaves_no_file(qtbot, window, tmp_path, monkeypatch):
    from desktop.services import export_xlsx

    create_ledger_through_dialog(qtbot, window)
    target = tmp_path / "取消" / "进度表.xlsx"
    target.parent.mkdir()

    def close(dialog):
        dialog.path.setText(str(target))
        dialog.reject()  # 取消

    when_modal(close)
    window.action_export.trigger()
    assert list(target.parent.iterdir()) == []

    real, started = export_xlsx.export_progress_workbook, threading.Event()

    def slow(store, ledger_id, path, *, progress, cancel, today):
        progress(0, 10)
        started.set()
        cancel.wait(20)  # until the officer presses 取消
        return real(store, ledger_id, path, progress=progress, cancel=cancel, today=today)

    monkeypatch.setattr(export_xlsx, "export_progress_workbook", slow)
    pressed = []

    def press_cancel(progress_dialog):
        assert isinstance(progress_dialog, QProgressDialog)
        pressed.append(progress_dialog.labelText())
        next(b for b in progress_dialog.findChildren(QPushButton) if b.text() == "取消").click()

    export_through_dialog(qtbot, window, window.action_export, target, {}, after=press_cancel)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "已取消导出，未生成文件", timeout=30000)
    assert pressed == ["正在导出 Excel 进度表…"] and started.is_set()
    assert list(target.parent.iterdir()) == []  # no file, no temporary left beside it
    assert window.action_export.isEnabled()


def test_an_existing_file_is_replaced_only_when_the_officer_says_so(qtbot, window, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    target = tmp_path / "进度表.xlsx"
    target.write_bytes(b"old")
    asked = []

    def fill(dialog):
        dialog.path.setText(str(target))
        when_modal(accept_message(asked, "取消"), exclude=dialog)
        dialog.export_button.click()
        qtbot.waitUntil(lambda: bool(asked))
        assert dialog.isVisible()  # back in the dialog
        dialog.reject()

    when_modal(fill)
    window.action_export.trigger()
    assert asked == ["进度表.xlsx 已存在，要替换它吗？"] and target.read_bytes() == b"old"


def test_replace_overwrites_the_existing_file_and_the_toolbar_keeps_its_button(qtbot, window, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    target = tmp_path / "进度表.xlsx"
    target.write_bytes(b"old")
    messages = []

    def finished(widget):  # the progress dialog may come first
        if isinstance(widget, QProgressDialog):
            when_modal(finished, exclude=widget, timeout_ms=60000)
        else:
            accept_message(messages)(widget)

    def replace(box):
        when_modal(finished, exclude=box, timeout_ms=60000)
        accept_message([], "替换")(box)

    def fill(dialog):
        dialog.path.setText(str(target))
        when_modal(replace, exclude=dialog)
        dialog.export_button.click()

    when_modal(fill)
    window.action_export.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=60000)
    assert "任务清单" in openpyxl.load_workbook(target).sheetnames  # replaced by the export
    from PySide6.QtWidgets import QToolBar

    toolbar = window.findChild(QToolBar, "main_toolbar")
    assert window.action_export in toolbar.actions() and window.action_export.iconText() == "导出进度表"


def test_an_export_into_the_data_folder_is_refused_in_chinese_and_the_database_stays(qtbot, window):
    create_ledger_through_dialog(qtbot, window)
    database = window.store.data.database
    messages = export_through_dialog(qtbot, window, window.action_export, database, {})
    qtbot.waitUntil(lambda: bool(messages), timeout=60000)
    assert "不能导出到程序的数据文件夹" in messages[0]
    assert window.store.db.execute("SELECT count(*) FROM ledger").fetchone()[0] == 1
