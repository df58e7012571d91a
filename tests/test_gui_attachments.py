"""Attachments in the window: executables refused as they are added, nothing opened before saving, the
viewer gets a read-only copy under the attachment's name, and a full disk or a missing viewer is said."""

import errno
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from desktop.domain import registers as rules
from desktop.services import attachment_view, evidence
from desktop.services import registers as register_service
from desktop.store.file_store import FileStore
from tests.conftest import TODAY
from tests.gui_helpers import accept_message, click_item, create_ledger_through_dialog, drop_files, when_modal


def sources(tmp_path, *names):
    folder = tmp_path / "桌面"
    folder.mkdir(exist_ok=True)
    paths = []
    for name in names:
        (folder / name).write_bytes(b"%PDF-1.4 " + name.encode())
        paths.append(folder / name)
    return paths


def listed(dialog):
    return [dialog.files.item(r).text() for r in range(dialog.files.count())]


def opened_urls(monkeypatch, result=True):
    calls = []

    def open_url(url):
        calls.append(Path(url.toLocalFile()))
        return result

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return calls


def save(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)


def test_a_dropped_executable_is_refused_with_the_reason_and_never_stored(qtbot, window, store, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.1")
    setup, notice = sources(tmp_path, "setup.exe", "通知.pdf")
    seen = {}

    def look(dialog):
        seen["listed"], seen["notice"] = listed(dialog), dialog.file_notice.text()
        seen["visible"], seen["title"] = dialog.file_notice.isVisible(), dialog.title_edit.text()
        save(qtbot, dialog)

    when_modal(look)
    drop_files(window.evidence.table.viewport(), [setup, notice])
    assert len(seen["listed"]) == 1 and seen["listed"][0].startswith("通知.pdf")
    assert seen["notice"] == "未加入 1 个文件：\n“setup.exe”是可执行文件或脚本，出于安全考虑不能作为佐证材料。"
    assert seen["visible"] and seen["title"] == "通知"  # named after the file that was taken
    names = [r[0] for r in store.db.execute("SELECT original_name FROM attachment")]
    assert names == ["通知.pdf"]


def test_picked_executables_are_refused_the_moment_they_are_added(qtbot, window, store, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.1")
    picked = sources(tmp_path, "evil.exe.", "evil.bat\u202e", "报告.exe.pdf")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(p) for p in picked], "")))
    seen = {}

    def pick(dialog):
        qtbot.mouseClick(dialog.add_file_button, Qt.LeftButton)
        seen["listed"], seen["notice"] = listed(dialog), dialog.file_notice.text()
        dialog.reject()

    when_modal(pick)
    window.open_evidence_dialog()
    assert [t.split("（")[0] for t in seen["listed"]] == ["报告.exe.pdf"]
    assert seen["notice"].splitlines() == ["未加入 2 个文件：", "“evil.exe.”是可执行文件或脚本，出于安全考虑不能作为佐证材料。",
                                           "“evil.bat\u202e”是可执行文件或脚本，出于安全考虑不能作为佐证材料。"]


def test_nothing_is_opened_before_it_is_saved(qtbot, window, store, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.1")
    [new] = sources(tmp_path, "通知.pdf")
    calls = opened_urls(monkeypatch)
    seen = {}

    def try_open(dialog):
        dialog.files.setCurrentRow(0)
        seen["enabled"] = dialog.open_file_button.isEnabled()
        qtbot.mouseClick(dialog.open_file_button, Qt.LeftButton)
        rect = dialog.files.visualItemRect(dialog.files.item(0))
        qtbot.mouseClick(dialog.files.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(dialog.files.viewport(), Qt.LeftButton, pos=rect.center())
        dialog.reject()

    when_modal(try_open)
    window.open_evidence_dialog(files=[new])
    assert seen["enabled"] is False and calls == []
    messages = []
    when_modal(accept_message(messages))
    window.open_attachment(new)  # a path, not a stored attachment
    assert calls == [] and messages == ["新加入的文件要先保存，才能在程序中打开。请先点“保存”。"]


def stored_entry(store, window, name="通知.pdf", content=b"%PDF-1.4 notice", tmp_path=None):
    source = tmp_path / name
    source.write_bytes(content)
    evidence_id = evidence.add(store, window.view.ledger.id, title="通知", kind="其他", formed_on=TODAY,
                               item_ids=[window.item_id], files=[source], today=TODAY).result
    window.refresh()
    return evidence_id


def test_a_saved_attachment_opens_as_a_read_only_copy_under_its_name(qtbot, window, store, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.1")
    evidence_id = stored_entry(store, window, tmp_path=tmp_path)
    calls = opened_urls(monkeypatch)

    def open_it(dialog):
        dialog.files.setCurrentRow(0)
        assert dialog.open_file_button.isEnabled()
        qtbot.mouseClick(dialog.open_file_button, Qt.LeftButton)
        rect = dialog.files.visualItemRect(dialog.files.item(0))
        qtbot.mouseClick(dialog.files.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(dialog.files.viewport(), Qt.LeftButton, pos=rect.center())
        dialog.reject()

    when_modal(open_it)
    window.open_evidence_dialog(evidence_id)
    opened, again = calls
    assert again.name == opened.name and again != opened
    assert opened.name == "通知.pdf" and attachment_view.viewing_root(store) in opened.parents
    assert opened.read_bytes() == b"%PDF-1.4 notice" and not opened.stat().st_mode & 0o222


def test_no_viewer_is_said_in_chinese_with_the_folder_offered(qtbot, window, store, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.1")
    evidence_id = stored_entry(store, window, name="现场照片.heic", tmp_path=tmp_path)
    calls = opened_urls(monkeypatch, result=False)  # no program is associated with the type
    messages = []
    [attachment] = evidence.get(store, evidence_id).attachments
    when_modals_answers = [accept_message(messages, "打开所在文件夹"), accept_message(messages)]

    def first(box):
        when_modal(when_modals_answers[1], exclude=box)
        when_modals_answers[0](box)

    when_modal(first)
    window.open_attachment(attachment)
    assert "没有找到能打开“现场照片.heic”的程序" in messages[0] and str(calls[0].parent) in messages[0]
    assert calls[1] == calls[0].parent  # the folder holding the viewing copy
    assert messages[1].startswith("也无法打开文件夹") and str(calls[0].parent) in messages[1]


def test_a_full_disk_keeps_the_dialog_and_its_input_and_leaves_nothing(qtbot, window, store, tmp_path,
                                                                       monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.1")
    first, second = sources(tmp_path, "一.pdf", "二.pdf")
    real_put = FileStore.put

    def put(self, source, name):
        if name == "二.pdf":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_put(self, source, name)

    monkeypatch.setattr(FileStore, "put", put)
    messages, seen = [], {}

    def press_save(dialog):
        dialog.title_edit.setText("季度学法记录")
        save(qtbot, dialog)
        messages.append(dialog.error_text())  # above the buttons: it concerns no single field
        seen["open"], seen["title"], seen["files"] = dialog.isVisible(), dialog.title_edit.text(), len(listed(dialog))
        dialog.reject()

    when_modal(press_save)
    window.open_evidence_dialog(files=[first, second])
    assert messages and messages[0].startswith("磁盘空间不足，佐证材料未保存。")
    assert seen == {"open": True, "title": "季度学法记录", "files": 2}
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    left = [p for p in store.files.root.rglob("*") if p.is_file() and store.files.trash not in p.parents]
    assert left == []


def test_the_register_dialog_refuses_executables_as_they_come(qtbot, window, store, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    trainings = window.show_register(rules.TRAINING)
    drop = sources(tmp_path, "签到表.pdf", "讲座.lnk ")
    picked = sources(tmp_path, "课件.pptx", "run.ｂａｔ")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(p) for p in picked], "")))
    seen = {}

    def look(dialog):
        seen["dropped"] = ([p.name for p in dialog.files.paths()], dialog.error.text())
        add_button = next(b for b in dialog.findChildren(type(dialog.buttons.buttons()[0])) if b.text() == "添加文件…")
        qtbot.mouseClick(add_button, Qt.LeftButton)
        seen["picked"] = ([p.name for p in dialog.files.paths()], dialog.error.text())
        dialog.reject()

    when_modal(look)
    drop_files(trainings.table.viewport(), drop)
    assert seen["dropped"] == (["签到表.pdf"], "未加入 1 个文件：\n“讲座.lnk ”是可执行文件或脚本，出于安全考虑不能作为佐证材料。")
    assert seen["picked"] == (["签到表.pdf", "课件.pptx"], "未加入 1 个文件：\n“run.ｂａｔ”是可执行文件或脚本，出于安全考虑不能作为佐证材料。")
    assert register_service.list_entries(store, rules.TRAINING, window.view.ledger.id) == []


def test_the_delete_question_says_where_to_restore(qtbot, window, store, tmp_path):
    create_ledger_through_dialog(qtbot, window)
    click_item(qtbot, window, "1.1")
    stored_entry(store, window, tmp_path=tmp_path)
    window.evidence.table.selectRow(0)
    asked = []
    when_modal(accept_message(asked, "取消"))
    qtbot.mouseClick(window.evidence.delete_button, Qt.LeftButton)
    assert "“查看 → 已删除的佐证…”中连同附件恢复" in asked[0]


def test_start_up_sweeps_files_no_entry_uses_and_old_viewing_copies(qtbot, window, store, tmp_path, monkeypatch):
    import os
    import time

    from desktop.ui import application

    monkeypatch.setattr(application, "QTimer", type("NoTimer", (), {"singleShot": staticmethod(lambda *a: None)}))

    [left] = sources(tmp_path, "失败.pdf")
    _sha, _size, name = store.files.put(left, "失败.pdf")  # a failed save of an older version left it
    orphan = store.files.path_for(name)
    then = time.time() - 7200
    os.utime(orphan, (then, then))
    old_copy = attachment_view.viewing_root(store) / "20251130-090000-abc" / "x1" / "通知.pdf"
    old_copy.parent.mkdir(parents=True)
    old_copy.write_bytes(b"%PDF copy of last session")
    old_copy.chmod(0o444)
    application.start_up_checks(window)  # the daily backup it schedules is not this test's business
    qtbot.waitUntil(lambda: not orphan.exists() and not old_copy.parent.parent.exists(), timeout=5000)
    assert (store.files.trash / name).exists()
    window.runner.wait()
