"""Databases earlier versions left (tests/data/schema_v1–3.sqlite, made by make_schema_databases.py) open
in this one with every row, file and change-log entry intact, uids filled, and their history readable."""

import shutil
import sqlite3

import pytest

from desktop.services import evidence, history, ledgers
from desktop.store import operations
from desktop.store.migrate import available_migrations
from desktop.store.store import Store
from tests.conftest import DATA


def old_rows(path) -> dict[str, tuple[list[str], list[tuple]]]:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                         "'sqlite_%' AND name NOT LIKE 'evidence_fts%'")]
    found = {}
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
        found[table] = columns, sorted(conn.execute(f"SELECT * FROM [{table}]").fetchall(), key=repr)
    conn.close()
    return found


@pytest.fixture(params=[1, 2, 3])
def upgraded(request, tmp_path):
    version = request.param
    source = DATA / f"schema_v{version}.sqlite"
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(source, data / "taizhang.sqlite")
    shutil.copytree(DATA / "files", data / "files")
    before = old_rows(source)
    with Store(data) as store:
        yield version, before, store


def test_every_row_and_log_entry_is_kept(upgraded):
    version, before, store = upgraded
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == available_migrations()[-1][0]
    assert {"legality_review", "ledger_seal", "operation"} <= set(store.db.utils.table_names())
    for table, (columns, rows) in before.items():
        names = ", ".join(f"[{c}]" for c in columns)
        now = sorted(store.db.execute(f"SELECT {names} FROM [{table}]").fetchall(), key=repr)
        assert now == rows, f"{table} changed in the upgrade from version {version}"
    assert before["change_log"][1], "the old database has its hand-made log"
    backups = list(store.data.backups.glob(f"升级前备份-v{version}-*.sqlite"))
    assert len(backups) == 1


def test_uids_are_filled_and_unique(upgraded):
    _, _, store = upgraded
    for table in operations.UID_TABLES:
        if table not in store.db.utils.table_names():
            continue
        uids = [r[0] for r in store.db.execute(f"SELECT uid FROM [{table}]")]
        assert None not in uids and len(set(uids)) == len(uids), table


def test_every_file_is_there_and_the_old_history_reads(upgraded):
    version, _, store = upgraded
    for sha, stored in store.db.execute("SELECT sha256, stored_name FROM blob").fetchall():
        assert store.files.sha256_of(stored) == sha
    lines = [(ln.action, ln.field, ln.old, ln.new) for ln in history.lines_for(store, "ledger_item", 2)]
    assert ("修改", "进度", "未开始", "已完成") in lines and ("修改", "责任人", "", "王丽") in lines
    if version >= 3:
        assert [ln.action for ln in history.lines_for(store, "ledger", 1)][-1] == "报送锁定"
        return
    # a legacy deletion comes back under its own id, with its file from the trash
    [deleted] = history.deleted_evidence(store, 1)
    assert (deleted.evidence_id, deleted.title, deleted.file_names) == (2, "误删的签到表", ("签到表.jpg",))
    restored = history.restore_evidence(store, 2)
    assert restored.result.missing_files == [] and restored.result.evidence_id == 2
    back = evidence.get(store, 2)
    assert back.item_ids == (3,) and [a.original_name for a in back.attachments] == ["签到表.jpg"]
    assert store.files.sha256_of(back.attachments[0].sha256 + ".jpg") == back.attachments[0].sha256
    assert history.deleted_evidence(store, 1) == []


def test_an_edit_after_the_upgrade_is_an_operation(upgraded):
    version, _, store = upgraded
    if version >= 3:
        store.db.execute("UPDATE ledger SET locked_at = NULL WHERE id = 1")  # the v3 ledger is locked
    done = ledgers.update_item(store, 3, {"owner": "李强"})
    assert not done.empty and done.label == "修改 1.2 的责任人"
    lines = history.lines_for(store, "ledger_item", 3)
    assert (lines[-1].field, lines[-1].new) == ("责任人", "李强")
    assert lines[0].field == "指标（law_lectures）"  # the hand-made row is read alongside
