import sqlite3

import pytest

from desktop.domain.errors import DatabaseTooNewError, UserError
from desktop.services import evidence, ledgers
from desktop.store import change_log
from desktop.store.migrate import available_migrations
from desktop.store.store import Store
from tests.conftest import TODAY


def test_pragmas_are_wal_full_and_foreign_keys(store):
    db = store.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_schema_version_matches_latest_migration(store):
    latest = available_migrations()[-1][0]
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == latest


def test_newer_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "data" / "taizhang.sqlite"
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="升级程序"):
        Store(path.parent)
    assert path.read_bytes() == before


def test_migration_from_older_version_backs_up_first(tmp_path, monkeypatch):
    # (a version-0 file with tables of its own is another program's, refused: test_data_safety)
    data = tmp_path / "data"
    with Store(data) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] >= 1
    # a new database needs no backup; now simulate an upgrade to a later step
    from desktop.store import migrate as migrate_module

    steps = available_migrations()
    extra = tmp_path / "9999_test_step.sql"
    extra.write_text("CREATE TABLE added_later (x);", encoding="utf-8")
    monkeypatch.setattr(migrate_module, "available_migrations", lambda folder=None: steps + [(9999, extra)])
    with Store(data) as store:
        assert "added_later" in store.db.utils.table_names()
    backups = list((data / "backups").glob("升级前备份-*.sqlite"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert "added_later" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
    old.close()


def test_failed_migration_step_changes_nothing(tmp_path, monkeypatch):
    from desktop.store import migrate as migrate_module

    data = tmp_path / "data"
    Store(data).close()
    steps = available_migrations()
    bad = tmp_path / "9998_bad.sql"
    bad.write_text("CREATE TABLE half_done (x); THIS IS NOT SQL;", encoding="utf-8")
    monkeypatch.setattr(migrate_module, "available_migrations", lambda folder=None: steps + [(9998, bad)])
    with pytest.raises(UserError):
        Store(data)
    conn = sqlite3.connect(data / "taizhang.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == steps[-1][0]
    assert "half_done" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


def test_not_a_database_gives_chinese_error_and_file_untouched(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "taizhang.sqlite").write_bytes(b"this is a spreadsheet, not a database" * 100)
    before = (data / "taizhang.sqlite").read_bytes()
    with pytest.raises(UserError, match="无法打开数据库文件"):
        Store(data)
    assert (data / "taizhang.sqlite").read_bytes() == before


def test_change_log_is_append_only(store, item_ids):
    ledgers.update_item(store, item_ids["1.1"], {"progress": "推进中"})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE change_log SET new = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM change_log")


def test_transaction_rolls_back_row_and_log_together(store, item_ids):
    before = len(list(store.db.query("SELECT * FROM change_log")))
    with pytest.raises(RuntimeError), store.db.write():
        ledgers.update_item(store, item_ids["1.1"], {"owner": "张三"})
        raise RuntimeError("power cut")
    assert ledgers.get_item(store, item_ids["1.1"]).owner == ""
    assert len(list(store.db.query("SELECT * FROM change_log"))) == before


def test_committed_edit_survives_reopen(tmp_path, mini_template_id, store):
    ledger_id = ledgers.create_ledger(store, "甲镇", 2025, mini_template_id).result
    item = next(i for i in ledgers.load_view(store, ledger_id).items if i.code == "1.2")
    ledgers.update_item(store, item.id, {"progress": "已完成"})
    with Store(store.data) as second:
        assert ledgers.get_item(second, item.id).progress == "已完成"
        assert change_log.history(second.db, "ledger_item", item.id)[-1]["new"] == "已完成"


def test_same_file_twice_is_stored_once_and_removed_with_last_use(store, mini_ledger, item_ids, sample_file):
    path = sample_file()
    first = evidence.add(store, mini_ledger, title="甲", kind="其他", formed_on=TODAY, item_ids=[item_ids["1.1"]],
                         files=[path], today=TODAY).result
    second = evidence.add(store, mini_ledger, title="乙", kind="其他", formed_on=TODAY,
                          item_ids=[item_ids["1.2"]], files=[path], today=TODAY).result
    stored = [p for p in store.data.files.rglob("*") if p.is_file()]
    assert len(stored) == 1
    assert store.db.execute("SELECT count(*) FROM attachment").fetchone()[0] == 2
    evidence.delete(store, first)
    assert stored[0].exists()
    evidence.delete(store, second)
    assert not stored[0].exists()
    assert store.db.execute("SELECT count(*) FROM blob").fetchone()[0] == 0


def test_a_held_write_lock_gives_a_chinese_message_not_database_is_locked(store, mini_ledger, item_ids):
    import sqlite3

    from desktop.store.connection import BUSY_TEXT

    other = sqlite3.connect(str(store.data.database), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a second program in the middle of a save
    store.db.execute("PRAGMA busy_timeout = 200")
    try:
        with pytest.raises(UserError) as refused:
            ledgers.update_item(store, item_ids["1.1"], {"owner": "王丽"})
        assert str(refused.value) == BUSY_TEXT
    finally:
        other.execute("ROLLBACK")
        other.close()
    ledgers.update_item(store, item_ids["1.1"], {"owner": "王丽"})  # once free, the save goes through
    assert ledgers.get_item(store, item_ids["1.1"]).owner == "王丽"


def test_a_migration_step_another_program_applied_meanwhile_is_skipped(tmp_path):
    """Two programs starting on a new folder both read user_version 0; the second ran the step again
    ("table template already exists"). The version is read again under the write lock."""
    from desktop.store.connection import open_database
    from desktop.store.migrate import _apply_step, _step_of, migrate

    path = tmp_path / "taizhang.sqlite"
    late = open_database(path)
    early = open_database(path)
    migrate(early)
    number, path = available_migrations()[0]
    _apply_step(late, _step_of(path), number)  # what the late program had decided before the early one ran
    assert late.execute("PRAGMA user_version").fetchone()[0] == available_migrations()[-1][0]
    early.conn.close()
    late.conn.close()


def test_a_python_migration_step_runs_in_one_transaction_with_the_log_triggers_after(tmp_path, monkeypatch):
    from desktop.store import migrate as migrate_module
    from desktop.store import operations

    data = tmp_path / "data"
    Store(data).close()
    steps = available_migrations()
    step = tmp_path / "9997_unit_short_name.py"
    step.write_text("def step(db):\n"
                    "    db.utils['unit'].add_column('short_name', str, not_null_default='')\n"
                    "    db.utils['unit'].transform(column_order=('id', 'name', 'short_name'))\n", encoding="utf-8")
    monkeypatch.setattr(migrate_module, "available_migrations", lambda folder=None: steps + [(9997, step)])
    with Store(data) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == 9997
        assert [r[1] for r in store.db.execute("PRAGMA table_info(unit)")][:3] == ["id", "name", "short_name"]
        ledger = ledgers.create_ledger(store, "甲镇人民政府", 2025).result
        unit = store.db.execute("SELECT unit_id FROM ledger WHERE id = ?", [ledger]).fetchone()[0]
        with operations.operation(store.db, "改简称") as op:
            op.update("unit", unit, {"short_name": "甲镇"})
        assert [e["field"] for e in change_log.history(store.db, "unit", unit)][-1] == "short_name"
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_failing_python_step_changes_nothing(tmp_path, monkeypatch):
    from desktop.store import migrate as migrate_module

    data = tmp_path / "data"
    Store(data).close()
    steps = available_migrations()
    step = tmp_path / "9996_half.py"
    step.write_text("def step(db):\n    db.utils['unit'].add_column('half', str)\n    raise OSError('断电')\n",
                    encoding="utf-8")
    monkeypatch.setattr(migrate_module, "available_migrations", lambda folder=None: steps + [(9996, step)])
    with pytest.raises(UserError, match="断电"):
        Store(data)
    conn = sqlite3.connect(data / "taizhang.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == steps[-1][0]
    assert "half" not in [r[1] for r in conn.execute("PRAGMA table_info(unit)")]
    conn.close()
