"""Backups: rotation (pure), checked VACUUM INTO copies with sidecars, triggers, folders, restore."""

import errno
import json
import os
import sqlite3
import time
from datetime import date, datetime, timedelta

import pytest

from desktop.domain.errors import UserError
from desktop.paths import DataDir
from desktop.services import backup, evidence, ledgers, restore
from desktop.services.backup import Limits, backups_to_delete
from desktop.store import backup_store
from desktop.store.store import Store
from tests.conftest import TODAY

NOW = datetime(2025, 12, 1, 9, 30, 0)


def at(y, m, d, h=0, mi=0, s=0):
    return datetime(y, m, d, h, mi, s)


# ----- rotation: a pure function over timestamps

def test_rotation_matches_anki_worked_example():
    # Anki's own example (rslib backup.rs thinning_manual), limits 3 daily, 2 weekly, 1 monthly
    now = at(2022, 2, 22)
    expected_gone = {at(2022, 2, 20, 6), at(2022, 2, 7), at(2022, 2, 6, 1), at(2022, 1, 5), at(2021, 12, 1),
                     at(2021, 11, 1)}
    kept = {at(2022, 2, 22, 0, 0, 1), at(2022, 2, 22), at(2022, 2, 21), at(2022, 2, 20, 18), at(2022, 2, 10),
            at(2022, 2, 9), at(2022, 2, 6, 2), at(2022, 1, 6), at(2021, 12, 24)}
    assert backups_to_delete(expected_gone | kept, now, Limits(daily=3, weekly=2, monthly=1)) == expected_gone


def test_one_backup_a_day_for_two_years_keeps_about_a_year():
    now = at(2025, 12, 1, 12)
    stamps = [now - timedelta(days=i) for i in range(730)]
    kept = set(stamps) - backups_to_delete(stamps, now)
    assert len(kept) == 2 + 12 + 10 + 9
    oldest = min(kept)
    assert timedelta(days=300) < now - oldest < timedelta(days=400)
    assert {now, now - timedelta(days=1)} <= kept


def test_everything_from_today_and_yesterday_is_kept():
    now = at(2025, 12, 1, 23, 59)
    stamps = [now - timedelta(minutes=10 * i) for i in range(6 * 24 * 2)]  # every 10 min for 48 h
    gone = backups_to_delete(stamps, now)
    assert all(s.date() < date(2025, 11, 30) for s in gone)
    assert not any(s.date() >= date(2025, 11, 30) for s in gone)


def test_the_newest_backup_of_a_day_is_the_one_kept():
    now = at(2025, 12, 10)
    day = [at(2025, 12, 5, h) for h in (8, 12, 18)]
    gone = backups_to_delete(day, now)
    assert gone == {at(2025, 12, 5, 8), at(2025, 12, 5, 12)}


def test_weeks_start_on_monday_and_months_by_calendar():
    now = at(2025, 12, 31)
    limits = Limits(daily=0, weekly=2, monthly=0)
    sunday, monday, saturday = at(2025, 12, 21), at(2025, 12, 22), at(2025, 12, 27)
    # Monday 22nd and Saturday 27th are one week: only the newer is kept; Sunday 21st is the week before
    assert backups_to_delete([sunday, monday, saturday], now, limits) == {monday}
    monthly = Limits(daily=0, weekly=0, monthly=2)
    stamps = [at(2025, 11, 30), at(2025, 11, 1), at(2025, 10, 31), at(2025, 9, 15)]
    assert backups_to_delete(stamps, now, monthly) == {at(2025, 11, 1), at(2025, 9, 15)}


def test_rotation_edge_cases():
    assert backups_to_delete([], NOW) == set()
    future = NOW + timedelta(days=3)  # a clock that was wrong once: kept, never crashes
    assert backups_to_delete([future, NOW], NOW) == set()
    old = [NOW - timedelta(days=d) for d in range(3, 10)]
    assert backups_to_delete(old, NOW, Limits(daily=0, weekly=0, monthly=0)) == set(old)
    duplicates = [NOW - timedelta(days=5)] * 3
    assert backups_to_delete(duplicates, NOW) == set()


def test_daily_quota_is_spent_before_weekly_starts():
    now = at(2025, 12, 31)
    stamps = [now - timedelta(days=d) for d in range(2, 40)]
    kept = sorted(set(stamps) - backups_to_delete(stamps, now, Limits(daily=5, weekly=2, monthly=0)),
                  reverse=True)
    assert kept[:5] == [now - timedelta(days=d) for d in range(2, 7)]
    assert len(kept) == 7
    weeks = {(k.toordinal() - 1) // 7 for k in kept[5:]}
    assert len(weeks) == 2


# ----- making backups

def _filled(store, mini_ledger, item_ids, sample_file):
    ledgers.update_item(store, item_ids["1.1"], {"progress": "已完成", "remark": "备份前"})
    return evidence.add(store, mini_ledger, title="会议纪要", kind="会议纪要/记录", formed_on=date(2025, 3, 1),
                        item_ids=[item_ids["1.1"]], files=[sample_file()], today=TODAY).result


def test_backup_is_a_checked_copy_with_a_sidecar(store, mini_ledger, item_ids, sample_file):
    _filled(store, mini_ledger, item_ids, sample_file)
    info = backup.make_backup(store, "手动", now=NOW)
    assert info.path.name == "手动备份-20251201-093000.sqlite"
    assert backup_store.integrity_problems(info.path) == []
    side = json.loads(backup.sidecar_of(info.path).read_text(encoding="utf-8"))
    assert side["reason"] == "手动" and side["units"] == ["测试镇人民政府"] and side["years"] == [2025]
    assert side["evidence"] == 1 and side["attachments"] == 1 and side["files"] == 1
    assert side["schema_version"] == store.db.execute("PRAGMA user_version").fetchone()[0]
    assert "测试镇人民政府 2025 年度" in info.holds_text and "佐证 1" in info.holds_text
    # only the database and its sidecar: attachment files are never copied, no temporary files are left
    assert sorted(p.suffix for p in info.path.parent.iterdir()) == [".json", ".sqlite"]
    assert not list(info.path.parent.glob("*-wal"))


def test_backup_holds_only_committed_data(store, mini_ledger, item_ids, tmp_path):
    other = sqlite3.connect(store.data.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE ledger_item SET remark = 'uncommitted' WHERE id = ?", [item_ids["1.2"]])
    (tmp_path / "b").mkdir()
    info = backup.make_backup(store, "手动", folder=tmp_path / "b", now=NOW)
    other.execute("ROLLBACK")
    other.close()
    copy = sqlite3.connect(info.path)
    assert copy.execute("SELECT remark FROM ledger_item WHERE id = ?", [item_ids["1.2"]]).fetchone()[0] == ""
    copy.close()


def test_two_backups_in_one_second_get_two_names(store, mini_ledger):
    first = backup.make_backup(store, "手动", now=NOW)
    second = backup.make_backup(store, "手动", now=NOW)
    assert first.path != second.path and second.path.name == "手动备份-20251201-093000-2.sqlite"


def test_unknown_reason_is_a_programming_error(store):
    with pytest.raises(ValueError):
        backup.make_backup(store, "随便")


def failing_on_sqlite(real, code):
    def failing(src, dst):
        if str(dst).endswith(".sqlite"):
            raise OSError(code, "simulated")
        return real(src, dst)

    return failing


@pytest.mark.parametrize("code, message", [(errno.ENOSPC, "磁盘空间不足"), (errno.EACCES, "没有写入权限")])
def test_disk_full_or_no_access_keeps_the_previous_backups(store, mini_ledger, monkeypatch, code, message):
    earlier = backup.make_backup(store, "手动", now=NOW - timedelta(days=1))
    before = earlier.path.read_bytes()
    for name in ("replace", "link"):  # a backup takes its name by a hard link, else by a rename
        monkeypatch.setattr(os, name, failing_on_sqlite(getattr(os, name), code))
    with pytest.raises(UserError, match=message):
        backup.make_backup(store, "手动", now=NOW)
    monkeypatch.undo()
    assert earlier.path.read_bytes() == before
    assert sorted(p.name for p in store.data.backups.iterdir()) == sorted(
        [earlier.path.name, backup.sidecar_of(earlier.path).name])


def test_sqlite_disk_full_during_vacuum_is_told_in_chinese(store, mini_ledger, monkeypatch):
    real = store.db

    class FullDisk:
        def execute(self, sql, *args):
            if not sql.startswith("VACUUM"):
                return real.execute(sql, *args)
            exc = sqlite3.OperationalError("database or disk is full")
            exc.sqlite_errorcode = 13
            raise exc

    monkeypatch.setattr(store, "db", FullDisk())
    with pytest.raises(UserError, match="磁盘空间不足"):
        backup.make_backup(store, "手动", now=NOW)
    assert list(store.data.backups.iterdir()) == []


def test_a_copy_that_fails_integrity_check_is_thrown_away(store, mini_ledger, monkeypatch):
    earlier = backup.make_backup(store, "手动", now=NOW - timedelta(days=1))
    monkeypatch.setattr(backup_store, "integrity_problems", lambda path: ["*** in database main ***"])
    with pytest.raises(UserError, match="完整性检查"):
        backup.make_backup(store, "手动", now=NOW)
    assert sorted(p.name for p in store.data.backups.iterdir() if p.suffix == ".sqlite") == [earlier.path.name]
    assert not list(store.data.backups.glob(".*"))


def test_sidecar_write_failure_keeps_the_previous_sidecar(store, mini_ledger, monkeypatch):
    earlier = backup.make_backup(store, "手动", now=NOW - timedelta(days=1))
    side_before = backup.sidecar_of(earlier.path).read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith(".json"):
            raise OSError(errno.ENOSPC, "simulated")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(UserError, match="磁盘空间不足"):
        backup.make_backup(store, "手动", now=NOW)
    monkeypatch.undo()
    assert backup.sidecar_of(earlier.path).read_bytes() == side_before
    # the new backup itself was complete and checked; without a sidecar it is read from the file
    newest = backup.list_backups(store)[0]
    assert newest.created == NOW and newest.holds["ours"] and newest.reason == "手动"


def test_leftover_partial_files_are_cleaned_up_but_not_another_programs_in_progress(store, mini_ledger):
    import os
    import time

    store.data.backups.mkdir(exist_ok=True)
    crashed = store.data.backups / ".自动备份-20250101-000000.sqlite.123.partial"
    crashed.write_bytes(b"half")
    hour_ago = time.time() - backup.STALE_PARTIAL_S - 60
    os.utime(crashed, (hour_ago, hour_ago))
    writing = store.data.backups / ".导入前备份-20250101-000000.sqlite.456.partial"  # another program's, now
    writing.write_bytes(b"being written")
    backup.make_backup(store, "启动", now=NOW)
    assert not crashed.exists() and writing.read_bytes() == b"being written"


def backups_at_once(data, count, now=None):
    """count programs each making a 导入前 backup at the same moment (with the same clock, given now)."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, time\nfrom datetime import datetime\nfrom pathlib import Path\n"
            "from desktop.store.store import Store\nfrom desktop.services import backup\n"
            "now = datetime.fromisoformat(sys.argv[3]) if sys.argv[3] else None\n"
            "with Store(Path(sys.argv[1])) as s:\n"
            "    time.sleep(max(0, float(sys.argv[2]) - time.time()))\n    backup.make_backup(s, '导入前', now=now)\n")
    at = time.time() + 3
    root = Path(__file__).resolve().parent.parent
    runs = [subprocess.Popen([sys.executable, "-c", code, str(data), str(at), now.isoformat() if now else ""],
                             cwd=root, stderr=subprocess.PIPE, text=True) for _ in range(count)]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0] * count, errors
    return sorted((data / "backups").glob("导入前备份-*.sqlite"))


def test_backups_made_by_several_programs_at_once_all_succeed(tmp_path):
    """The window and a command (an import makes one first) may back up in the same second: none may delete
    another's file in progress and then report the database as damaged."""
    data = tmp_path / "data"
    Store(data).close()
    assert backups_at_once(data, 4) and not list((data / "backups").glob(".*.partial"))


def test_backups_in_the_same_second_by_several_programs_are_all_kept(tmp_path):
    """Two imports in one second: each backup gets its own name, none replaces another."""
    data = tmp_path / "data"
    Store(data).close()
    made = backups_at_once(data, 4, NOW)
    assert [p.name for p in made] == ["导入前备份-20251201-093000-2.sqlite", "导入前备份-20251201-093000-3.sqlite",
                                      "导入前备份-20251201-093000-4.sqlite", "导入前备份-20251201-093000.sqlite"]
    assert all(backup.read_info(p).holds.get("ledgers") == [] for p in made)
    assert len(list((data / "backups").glob("*.json"))) == 4 and not list((data / "backups").glob(".*"))


# ----- triggers

def test_backup_if_stale(store, mini_ledger):
    first = backup.backup_if_stale(store, NOW)
    assert first is not None and first.reason == "启动" and first.path.name.startswith("自动备份-")
    assert backup.backup_if_stale(store, NOW + timedelta(hours=23)) is None
    assert backup.backup_if_stale(store, NOW + timedelta(hours=25)) is not None


def test_nothing_to_back_up_in_a_new_empty_database(store):
    assert backup.backup_if_stale(store, NOW) is None
    assert backup.backup_on_exit(store) is None


def test_backup_on_exit_only_when_changed(store, mini_ledger, item_ids):
    assert backup.backup_on_exit(store, changed=False, now=NOW) is None
    made = backup.backup_on_exit(store, changed=True, now=NOW)
    assert made.reason == "退出"
    assert backup.backup_on_exit(store, now=NOW + timedelta(minutes=1)) is None  # the change log says no
    ledgers.update_item(store, item_ids["1.2"], {"remark": "改过"})
    assert backup.backup_on_exit(store, now=NOW + timedelta(minutes=2)) is not None


def test_rotation_on_disk_touches_only_automatic_backups(store, mini_ledger):
    folder = store.data.backups
    for days in range(0, 400):
        stamp = (NOW - timedelta(days=days)).strftime(backup.STAMP)
        (folder / f"自动备份-{stamp}.sqlite").write_bytes(b"x")
        (folder / f"自动备份-{stamp}.json").write_text("{}", encoding="utf-8")
    manual = folder / "手动备份-20200101-000000.sqlite"
    manual.write_bytes(b"x")
    migration = folder / "升级前备份-v1-20200101-000000.sqlite"
    migration.write_bytes(b"x")
    removed = backup.rotate(folder, NOW)
    automatic = sorted(folder.glob("自动备份-*.sqlite"))
    assert len(automatic) == 2 + 12 + 10 + 9 and len(removed) == 400 - len(automatic)
    assert len(list(folder.glob("自动备份-*.json"))) == len(automatic)  # sidecars go with their backups
    assert manual.exists() and migration.exists()


# ----- folders and listing

def test_extra_folder_gets_a_copy_and_a_missing_one_only_warns(store, mini_ledger, tmp_path):
    usb = tmp_path / "U盘" / "台账备份"
    usb.mkdir(parents=True)
    backup.set_extra_folder(store, usb)
    assert backup.backup_folders(store) == [store.data.backups, usb.resolve()]
    info = backup.make_backup(store, "手动", now=NOW)
    assert [c.name for c in info.copies] == [info.path.name]
    assert backup_store.integrity_problems(info.copies[0]) == []
    assert backup.sidecar_of(info.copies[0]).exists()
    usb.rename(tmp_path / "U盘" / "拔出")
    later = backup.make_backup(store, "手动", now=NOW + timedelta(minutes=1))
    assert later.path.exists() and later.copies == ()
    assert "U 盘" in later.warnings[0]
    backup.set_extra_folder(store, None)
    assert backup.backup_folders(store) == [store.data.backups]
    with pytest.raises(UserError, match="找不到文件夹"):
        backup.set_extra_folder(store, tmp_path / "没插")


def test_a_read_error_of_the_database_is_told_in_chinese(store, mini_ledger, monkeypatch):
    def failing(db, target):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(backup_store, "vacuum_into", failing)
    with pytest.raises(UserError, match="读取数据库时出错"):
        backup.make_backup(store, "手动", now=NOW)
    assert list(store.data.backups.iterdir()) == []


def test_list_backups_newest_first_including_unsidecarred_and_unreadable(store, mini_ledger):
    backup.make_backup(store, "手动", now=NOW - timedelta(days=2))
    backup.make_backup(store, "锁定前", now=NOW)
    plain = store.data.backups / "升级前备份-v1-20251130-080000.sqlite"
    sqlite3.connect(plain).close()
    (store.data.backups / "随手复制.sqlite").write_bytes(b"not a database")
    found = backup.list_backups(store)
    odd = next(b for b in found if b.path.name == "随手复制.sqlite")  # dated by its modification time
    assert odd.holds_text.startswith("无法读取") and odd.reason == "其他"
    named = [b for b in found if b is not odd]
    assert [b.reason for b in named] == ["锁定前", "迁移前", "手动"]
    assert named[1].holds_text == "没有台账"


def test_newest_good_backup_skips_a_damaged_one(store, mini_ledger):
    good = backup.make_backup(store, "手动", now=NOW - timedelta(days=1))
    bad = backup.make_backup(store, "手动", now=NOW)
    bad.path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert backup.newest_good_backup(store.data.backups).path == good.path
    assert backup.newest_good_backup(store.data.backups / "没有") is None


def test_trash_keeps_files_a_backup_still_names(store, mini_ledger, item_ids, sample_file):
    evidence_id = _filled(store, mini_ledger, item_ids, sample_file)
    sha = evidence.get(store, evidence_id).attachments[0].sha256
    kept = backup.make_backup(store, "手动", now=NOW)
    assert store.files_named_by_backups() == {sha}
    evidence.delete(store, evidence_id)
    later = time.time() + 90 * 86400
    assert store.files.purge_trash(30, now=later) == 0  # the backup still needs it
    kept.path.unlink()
    assert store.files.purge_trash(30, now=later) == 1


# ----- restore

def test_restore_brings_back_the_backed_up_state(store, mini_ledger, item_ids, sample_file):
    _filled(store, mini_ledger, item_ids, sample_file)
    saved = backup.make_backup(store, "手动", now=NOW)
    ledgers.update_item(store, item_ids["1.1"], {"remark": "备份后改的"})
    data = store.data
    report = restore.restore(store, saved.path)
    assert report.safety_backup is not None and report.missing_files == []
    with Store(data) as reopened:
        assert ledgers.get_item(reopened, item_ids["1.1"]).remark == "备份前"
        assert reopened.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    safety = sqlite3.connect(report.safety_backup)
    assert safety.execute("SELECT remark FROM ledger_item WHERE id = ?", [item_ids["1.1"]]).fetchone()[0] == \
        "备份后改的"
    safety.close()
    assert "已从备份" in report.text() and "恢复前" in report.text()


def test_restore_reports_missing_files_and_recovers_trashed_ones(store, mini_ledger, item_ids, sample_file):
    first = _filled(store, mini_ledger, item_ids, sample_file)
    second = evidence.add(store, mini_ledger, title="签到表", kind="培训签到表", formed_on=date(2025, 4, 1),
                          item_ids=[item_ids["1.2"]], files=[sample_file("签到表.jpg", b"\xff\xd8 jpeg")],
                          today=TODAY).result
    saved = backup.make_backup(store, "手动", now=NOW)
    names = {a.original_name: a for e in (first, second) for a in evidence.get(store, e).attachments}
    evidence.delete(store, first)  # its file goes to the trash
    gone = store.files.path_for(f"{names['签到表.jpg'].sha256}.jpg")
    evidence.delete(store, second)
    (store.files.trash / gone.name).unlink()  # and this one is lost for good
    data = store.data
    report = restore.restore(store, saved.path)
    assert report.recovered_files == 1
    assert report.missing_files == ["签到表.jpg"]
    assert "签到表.jpg" in report.text()
    with Store(data) as reopened:
        assert len(ledgers.load_view(reopened, mini_ledger).items) > 0


def test_a_damaged_backup_is_refused_and_nothing_changes(store, mini_ledger, item_ids, tmp_path):
    ledgers.update_item(store, item_ids["1.1"], {"remark": "当前"})
    bad = tmp_path / "坏备份.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    with pytest.raises(UserError, match="不能用它恢复"):
        restore.restore(store, bad)
    assert ledgers.get_item(store, item_ids["1.1"]).remark == "当前"  # still open and unchanged
    foreign = tmp_path / "别的.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (y)")
    conn.close()
    with pytest.raises(UserError, match="不是本程序的数据文件"):
        restore.check_backup(foreign)
    assert list(store.data.backups.glob("恢复前*")) == []


def test_restore_waits_for_other_connections(store, mini_ledger, item_ids):
    saved = backup.make_backup(store, "手动", now=NOW)
    ledgers.update_item(store, item_ids["1.1"], {"remark": "当前"})
    data = store.data
    worker = store.worker_copy()
    worker.db.execute("SELECT count(*) FROM ledger").fetchone()
    try:
        with pytest.raises(UserError, match="现在不能恢复"):
            restore.restore(store, saved.path)
    finally:
        worker.close()
    with Store(data) as reopened:  # the window reopens the store after any outcome
        assert ledgers.get_item(reopened, item_ids["1.1"]).remark == "当前"


def test_restore_of_an_older_schema_migrates_it(store, mini_ledger, tmp_path):
    from desktop.store.migrate import available_migrations

    old = tmp_path / "旧版本.sqlite"
    conn = sqlite3.connect(old)
    for _number, path in available_migrations()[:2]:  # the schema as version 2 of the program made it
        conn.executescript(path.read_text(encoding="utf-8"))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    data = store.data
    restore.restore(store, old)
    with Store(data) as reopened:
        assert "ledger_seal" in reopened.db.utils.table_names()


def test_restore_into_a_data_directory_with_a_damaged_database(tmp_path, mini_template_id, store):
    ledgers.create_ledger(store, "某镇", 2024, mini_template_id)
    saved = backup.make_backup(store, "手动", folder=tmp_path, now=NOW)
    data = store.data
    store.close()
    data.database.write_bytes(b"garbage, not a database" * 100)
    report = restore.restore(DataDir(data.root), saved.path)
    assert report.safety_backup is None  # the fresh empty database held nothing to keep
    assert list(data.root.glob("taizhang.sqlite.损坏-*"))
    with Store(data) as reopened:
        assert [lg.unit_name for lg in ledgers.list_ledgers(reopened)] == ["某镇"]


def test_restore_from_a_copied_live_database_keeps_what_its_wal_holds(store, mini_ledger, item_ids, tmp_path):
    ledgers.update_item(store, item_ids["1.1"], {"remark": "只在 -wal 里"})
    loose = tmp_path / "拷贝"  # someone copied taizhang.sqlite and its -wal by hand, mid-session
    loose.mkdir()
    for suffix in ("", "-wal"):
        (loose / f"taizhang.sqlite{suffix}").write_bytes(
            (store.data.root / f"taizhang.sqlite{suffix}").read_bytes())
    assert (loose / "taizhang.sqlite-wal").stat().st_size > 0
    ledgers.update_item(store, item_ids["1.1"], {"remark": "之后又改了"})
    data = store.data
    restore.restore(store, loose / "taizhang.sqlite")
    with Store(data) as reopened:
        assert ledgers.get_item(reopened, item_ids["1.1"]).remark == "只在 -wal 里"
    # SQLite's own last-close folded the copy's -wal into it and removed -wal and -shm; what it holds is kept
    assert sorted(p.name for p in loose.iterdir()) == ["taizhang.sqlite"]
    with Store(loose) as copy:
        assert ledgers.get_item(copy, item_ids["1.1"]).remark == "只在 -wal 里"


@pytest.mark.parametrize("code, message", [(errno.ENOSPC, "磁盘空间不足"), (errno.EACCES, "没有写入权限")])
def test_restore_on_a_full_disk_keeps_the_current_database(store, mini_ledger, item_ids, monkeypatch, code,
                                                           message):
    saved = backup.make_backup(store, "手动", now=NOW)
    ledgers.update_item(store, item_ids["1.1"], {"remark": "当前"})
    data = store.data

    def failing(source, target):
        raise OSError(code, "simulated")

    monkeypatch.setattr(backup_store, "copy_database", failing)
    with pytest.raises(UserError, match=message):
        restore.restore(store, saved.path)
    with Store(data) as reopened:
        assert ledgers.get_item(reopened, item_ids["1.1"]).remark == "当前"
    assert not list(data.root.glob(".*.partial"))
