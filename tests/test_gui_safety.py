"""Backups, restore and 报送锁定 through the real window's menus and dialogs."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit

from desktop.domain import registers as rules
from desktop.services import backup, evidence, ledgers
from desktop.store import change_log
from tests.conftest import TODAY
from tests.gui_helpers import (
    accept_message,
    click_item,
    create_ledger_through_dialog,
    when_modal,
    when_modals,
)


def test_lock_greys_out_every_edit_and_unlock_needs_a_reason(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    messages = []
    when_modals(accept_message(messages, "锁定"), accept_message(messages))  # the question, then the report
    window.action_lock.trigger()
    qtbot.waitUntil(lambda: ledgers.get_ledger(store, ledger_id).locked_at is not None, timeout=30000)
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=30000)
    assert "已锁定" in messages[1] and "SHA-256" in messages[1]
    assert "（已锁定）" in window.ledger_box.currentText()
    click_item(qtbot, window, "1.1")
    assert not window.item_panel.progress.isEnabled()
    assert not window.evidence.add_button.isEnabled() and not window.action_add_evidence.isEnabled()
    reviews = window.show_register(rules.REVIEW)
    assert not reviews.add_button.isEnabled()

    def give_reason(dialog, text):
        assert isinstance(dialog, QInputDialog)
        dialog.findChild(QLineEdit).setText(text)
        dialog.accept()

    refused = []
    when_modals(lambda d: give_reason(d, ""), accept_message(refused))
    window.action_unlock.trigger()
    assert ledgers.get_ledger(store, ledger_id).locked_at is not None  # an empty reason is refused
    assert "理由" in refused[0]
    when_modal(lambda d: give_reason(d, "上级退回补充材料"))
    window.action_unlock.trigger()
    assert ledgers.get_ledger(store, ledger_id).locked_at is None
    actions = [e["action"] for e in change_log.entries_for_ledger(store.db, ledger_id)]
    assert "lock" in actions and "unlock" in actions


def test_backup_then_restore_through_the_dialog(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    item_id = click_item(qtbot, window, "1.1")
    ledgers.update_item(store, item_id, {"owner": "王丽"})
    messages = []
    when_modal(accept_message(messages))
    window.safety.backup_now()
    qtbot.waitUntil(lambda: bool(messages), timeout=30000)
    assert "备份已保存" in messages[0]
    ledgers.update_item(store, item_id, {"owner": "张三"})  # a slip after the backup

    def pick_first(dialog):
        assert "王丽" not in dialog.model.rows[0][3] and "青山镇人民政府" in dialog.model.rows[0][3]
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)

    answers = []
    when_modals(pick_first, accept_message(answers, "恢复"), accept_message(answers))
    window.safety.restore_dialog()
    assert "已从备份" in answers[1]
    assert ledgers.get_item(window.store, item_id).owner == "王丽"
    reasons = {b.reason for b in backup.list_backups(window.store)}
    assert {"手动", "恢复前"} <= reasons


def test_a_change_is_backed_up_on_exit(qtbot, window, store):
    create_ledger_through_dialog(qtbot, window)
    evidence.add(store, window.view.ledger.id, title="纪要", kind="其他", formed_on=TODAY,
                 item_ids=[window.view.items[1].id], today=TODAY)
    window.close()
    assert any(b.reason == "退出" for b in backup.list_backups(store))


def test_damaged_database_is_moved_aside_and_the_newest_good_backup_restored(qtbot, tmp_path, watchdog):
    from desktop.paths import DataDir
    from desktop.store.store import Store
    from desktop.ui.application import open_window

    data = DataDir(tmp_path / "data")
    with Store(data) as store:
        ledgers.create_ledger(store, "青山镇人民政府", 2025)
        backup.make_backup(store, "手动")
    garbage = b"this is not a database, but someone's file" * 100
    data.database.write_bytes(garbage)
    for suffix in ("-wal", "-shm"):
        (tmp_path / "data" / f"{data.database.name}{suffix}").unlink(missing_ok=True)
    answers = []
    when_modals(accept_message(answers, "恢复"), accept_message(answers))  # the offer, then the report
    window = open_window(data)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=20000)
    assert "已损坏" in answers[0] and "最近一份完好的备份" in answers[0]
    assert "已从备份" in answers[1]
    moved = [p for p in data.root.iterdir() if "损坏" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert moved and moved[0].read_bytes() == garbage  # never overwritten
    assert [lg.unit_name for lg in ledgers.list_ledgers(window.store)] == ["青山镇人民政府"]
    assert not watchdog.stray


def test_an_empty_database_file_beside_backups_is_not_taken_for_a_new_one(qtbot, tmp_path, watchdog):
    from desktop.paths import DataDir
    from desktop.store.store import Store
    from desktop.ui.application import open_window

    data = DataDir(tmp_path / "data")
    with Store(data) as store:
        ledgers.create_ledger(store, "青山镇人民政府", 2025)
        backup.make_backup(store, "手动")
    data.database.write_bytes(b"")
    answers = []
    when_modals(accept_message(answers, "恢复"), accept_message(answers))  # the offer, then the report
    window = open_window(data)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=20000)
    assert "0 字节" in answers[0] and "最近一份完好的备份" in answers[0]
    assert [lg.unit_name for lg in ledgers.list_ledgers(window.store)] == ["青山镇人民政府"]
    assert not watchdog.stray


def test_a_damaged_page_found_after_start_up_is_set_aside_and_restored(qtbot, tmp_path, watchdog):
    from desktop.paths import DataDir
    from desktop.store.store import Store
    from desktop.ui.application import open_window

    data = DataDir(tmp_path / "data")
    with Store(data) as store:
        for year in range(2001, 2040):  # enough pages to damage one in the middle
            ledgers.create_ledger(store, "青山镇人民政府", year)
        backup.make_backup(store, "手动")
    size = data.database.stat().st_size
    with open(data.database, "r+b") as handle:  # the header stays intact: only the quick_check sees it
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(b"\xa5" * 8192)
    damaged = data.database.read_bytes()
    answers = []
    when_modals(accept_message(answers, "处理"), accept_message(answers))
    window = open_window(data)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=30000)
    assert "数据库已损坏" in answers[0] and "最近一份完好的备份" in answers[0]
    assert "已从备份" in answers[1] and "改名保存为" in answers[1]
    moved = [p for p in data.root.iterdir() if p.name.startswith("taizhang.sqlite.损坏-")
             and not p.name.endswith(("-wal", "-shm"))]
    assert moved[0].read_bytes()[:size // 2 // 4096 * 4096] == damaged[:size // 2 // 4096 * 4096]
    assert len(ledgers.list_ledgers(window.store)) == 39
    assert not watchdog.stray
