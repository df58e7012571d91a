"""Year lock (报送锁定): backup first, sealed snapshot and checksum, every write refused, deliberate unlock."""

import sqlite3
from datetime import date, datetime

import openpyxl
import pytest

from desktop.app import main
from desktop.domain.errors import UserError
from desktop.services import evidence, history, integrity, ledgers, locking
from desktop.store import change_log
from tests.conftest import TODAY

NOW = datetime(2025, 12, 20, 16, 0, 0)
LOCKED = "报送锁定，不能修改"


@pytest.fixture
def entry(store, mini_ledger, item_ids, sample_file):
    ledgers.update_item(store, item_ids["1.1"], {"progress": "已完成", "remark": "已落实"})
    ledgers.update_item(store, item_ids["5.6"], {"progress": "推进中"}, {"cases_published": 12})
    return evidence.add(store, mini_ledger, title="党委中心组学习记录", kind="会议纪要/记录",
                        formed_on=date(2025, 5, 6), item_ids=[item_ids["1.1"]], files=[sample_file()], today=TODAY).result


@pytest.fixture
def locked(store, mini_ledger, entry):
    return locking.lock_year(store, mini_ledger, who="张三", note="已报区司法局", now=NOW).result


def test_lock_records_who_when_backup_snapshot_and_checksum(store, mini_ledger, locked):
    ledger = ledgers.get_ledger(store, mini_ledger)
    assert ledger.locked_at == "2025-12-20T16:00:00" and ledger.locked_by == "张三"
    assert locked.backup.exists() and locked.backup.name.startswith("锁定前备份-")
    assert locked.snapshot.parent == store.data.root / "snapshots"
    book = openpyxl.load_workbook(locked.snapshot, read_only=True)
    assert "任务清单" in book.sheetnames
    book.close()
    assert locked.content_sha256 == locking.content_checksum(store, mini_ledger)
    log = [e for e in change_log.entries_for_ledger(store.db, mini_ledger) if e["action"] == "lock"]
    assert len(log) == 1 and log[0]["os_user"] and "张三" in log[0]["new"]
    seal = locking.seals(store, mini_ledger)[0]
    assert seal["note"] == "已报区司法局" and seal["snapshot_sha256"] == locked.snapshot_sha256


def test_every_write_to_a_locked_ledger_is_refused(store, mini_ledger, item_ids, entry, locked, sample_file):
    before = locking.content_checksum(store, mini_ledger)
    attempts = [
        lambda: ledgers.update_item(store, item_ids["1.2"], {"progress": "已完成"}),
        lambda: ledgers.update_item(store, item_ids["5.6"], {}, {"cases_published": 99}),
        lambda: evidence.add(store, mini_ledger, title="新材料", kind="其他", formed_on=date(2025, 6, 1),
                             item_ids=[item_ids["1.2"]], files=[sample_file("新.pdf", b"new")], today=TODAY),
        lambda: evidence.edit(store, entry, title="改标题", kind="会议纪要/记录", formed_on=date(2025, 5, 6),
                              item_ids=[item_ids["1.1"]], today=TODAY),
        lambda: evidence.edit(store, entry, title="党委中心组学习记录", kind="会议纪要/记录",
                              formed_on=date(2025, 5, 6), item_ids=[item_ids["1.1"]],
                              remove_attachment_ids=[evidence.get(store, entry).attachments[0].id], today=TODAY),
        lambda: evidence.delete(store, entry),
    ]
    for attempt in attempts:
        with pytest.raises(UserError, match=LOCKED):
            attempt()
    assert locking.content_checksum(store, mini_ledger) == before
    assert locking.verify_seal(store, mini_ledger).intact


def test_restoring_deleted_evidence_into_a_locked_ledger_is_refused(store, mini_ledger, entry):
    evidence.delete(store, entry)
    locking.lock_year(store, mini_ledger, now=NOW)
    with pytest.raises(UserError, match=LOCKED):
        history.restore_evidence(store, entry)


def test_locking_twice_is_refused(store, mini_ledger, locked):
    with pytest.raises(UserError, match="已于 2025-12-20 16:00:00 报送锁定"):
        locking.lock_year(store, mini_ledger)


@pytest.mark.parametrize("reason", ["", "   ", "\x00\t"])
def test_unlock_needs_a_reason(store, mini_ledger, locked, reason):
    with pytest.raises(UserError, match="理由"):
        locking.unlock_year(store, mini_ledger, reason)
    assert ledgers.get_ledger(store, mini_ledger).locked_at


def test_unlock_is_logged_and_edits_work_again(store, mini_ledger, item_ids, locked):
    locking.unlock_year(store, mini_ledger, "上级退回，补充佐证材料", who="李四", now=NOW)
    ledger = ledgers.get_ledger(store, mini_ledger)
    assert ledger.locked_at is None and ledger.locked_by is None
    log = [e for e in change_log.entries_for_ledger(store.db, mini_ledger) if e["action"] == "unlock"]
    assert "上级退回，补充佐证材料" in log[0]["new"] and "李四" in log[0]["new"] and "张三" in log[0]["old"]
    seal = locking.seals(store, mini_ledger)[0]
    assert seal["unlocked_by"] == "李四" and seal["unlock_reason"] == "上级退回，补充佐证材料"
    assert locking.verify_seal(store, mini_ledger).intact  # nothing changed yet
    ledgers.update_item(store, item_ids["1.2"], {"progress": "已完成"})
    status = locking.verify_seal(store, mini_ledger)
    assert not status.intact and not status.locked_now
    assert "锁定后有改动" in status.text() and "上级退回" in status.text()
    with pytest.raises(UserError, match="没有锁定"):
        locking.unlock_year(store, mini_ledger, "再解一次")


def test_history_shows_lock_and_unlock_in_chinese(store, mini_ledger, locked):
    locking.unlock_year(store, mini_ledger, "补充材料", now=NOW)
    actions = [line.action for line in history.lines_for(store, "ledger", mini_ledger)]
    assert actions[-2:] == ["报送锁定", "解除锁定"]


def test_checksum_ignores_row_ids_but_not_content(store, mini_ledger, item_ids, entry):
    before = locking.content_checksum(store, mini_ledger)
    evidence.delete(store, entry)
    assert locking.content_checksum(store, mini_ledger) != before
    history.restore_evidence(store, entry)  # the same content under a new id
    assert locking.content_checksum(store, mini_ledger) == before
    ledgers.update_item(store, item_ids["5.6"], {}, {"cases_published": 13})
    assert locking.content_checksum(store, mini_ledger) != before


def test_a_change_behind_the_programs_back_breaks_the_seal(store, mini_ledger, item_ids, locked):
    conn = sqlite3.connect(store.data.database)
    conn.execute("UPDATE ledger_item SET remark = '偷偷改' WHERE id = ?", [item_ids["1.1"]])
    conn.commit()
    conn.close()
    status = locking.verify_seal(store, mini_ledger)
    assert status.sealed and status.locked_now and not status.intact
    report = integrity.check(store)
    assert not report.ok and any("报送锁定后内容被改动" in p for p in report.problems)


def test_a_changed_snapshot_is_noticed(store, mini_ledger, locked):
    locked.snapshot.write_bytes(b"changed")
    status = locking.verify_seal(store, mini_ledger)
    assert status.intact and status.snapshot_intact is False
    assert any("快照" in p for p in integrity.check(store).problems)


def test_never_locked_ledger_has_no_seal(store, mini_ledger):
    status = locking.verify_seal(store, mini_ledger)
    assert not status.sealed and "从未报送锁定" in status.text()


def test_a_failed_snapshot_leaves_the_ledger_unlocked(store, mini_ledger, monkeypatch):
    from desktop.services import export_xlsx

    def failing(*args, **kwargs):
        raise UserError("磁盘空间不足，文件未保存")

    monkeypatch.setattr(export_xlsx, "write_progress_workbook", failing)
    with pytest.raises(UserError, match="磁盘空间不足"):
        locking.lock_year(store, mini_ledger, now=NOW)
    assert ledgers.get_ledger(store, mini_ledger).locked_at is None
    assert locking.seals(store, mini_ledger) == []


def test_a_change_during_the_snapshot_aborts_the_lock(store, mini_ledger, item_ids, monkeypatch):
    from desktop.services import export_xlsx

    real = export_xlsx.write_progress_workbook

    def export_while_someone_edits(*args, **kwargs):
        out = real(*args, **kwargs)
        ledgers.update_item(store, item_ids["1.2"], {"remark": "导出时改的"})
        return out

    monkeypatch.setattr(export_xlsx, "write_progress_workbook", export_while_someone_edits)
    with pytest.raises(UserError, match="锁定过程中台账被修改"):
        locking.lock_year(store, mini_ledger, now=NOW)
    assert ledgers.get_ledger(store, mini_ledger).locked_at is None
    assert not list((store.data.root / "snapshots").glob("*.xlsx"))


def test_cli_lock_and_unlock(tmp_path, capsys):
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "demo", "--year", "2025"]) == 0
    assert main(["--data-dir", data, "lock", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "已报送锁定" in out and "进度表快照" in out
    assert main(["--data-dir", data, "lock", "--year", "2025"]) == 2
    assert "报送锁定" in capsys.readouterr().err
    assert main(["--data-dir", data, "unlock", "--year", "2025", "--reason", " "]) == 2
    assert "理由" in capsys.readouterr().err
    assert main(["--data-dir", data, "unlock", "--year", "2025", "--reason", "补充材料"]) == 0
    assert "已解除锁定" in capsys.readouterr().out


def test_seal_covers_the_registers_too(store, mini_ledger):
    from datetime import date

    from desktop.domain import registers as rules
    from desktop.services import locking, registers

    before = locking.content_checksum(store, mini_ledger)
    registers.add(store, rules.ADVISER, mini_ledger, {"name": "赵律师", "adviser_type": "政府法律顾问"},
                  today=date(2025, 12, 1))
    assert locking.content_checksum(store, mini_ledger) != before
