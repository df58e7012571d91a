"""The ledger snapshot: read once, immutable, and enough for every output on its own."""

import dataclasses
import threading

import openpyxl
import pytest

from desktop.domain import registers as rules
from desktop.services import demo, export_xlsx, ledgers, register_export, snapshot, xlsx_sheets
from desktop.store.store import Store
from tests.conftest import TODAY
from tests.test_export_xlsx import give_uids


@pytest.fixture(scope="module")
def demo_snap(tmp_path_factory):
    folder = tmp_path_factory.mktemp("snap")
    with Store(folder / "data") as store:
        ledger_id = demo.create_demo_ledger(store, "示范镇人民政府", 2025, today=TODAY).result
        give_uids(store)
        view = ledgers.load_view(store, ledger_id)
        counts = {e: store.db.execute(f"SELECT count(*) FROM {e} WHERE ledger_id = ?", [ledger_id]).fetchone()[0]
                  for e in rules.ENTITIES}
        uids = dict(store.db.execute("SELECT id, uid FROM ledger_item WHERE ledger_id = ?", [ledger_id]))
        files = store.db.execute("SELECT count(*) FROM attachment").fetchone()[0]
        store.db.execute("INSERT INTO report_text (ledger_id, section, part_code, text, updated_at) "
                         "VALUES (?, '一', '3', '全年审查规范性文件 2 件。', '2025-12-01T09:00:00')", [ledger_id])
        store.db.conn.commit()  # as the annual report's editor will (issue 12)
        snap = snapshot.take(store, ledger_id, TODAY)
    return snap, view, counts, uids, files, folder  # the store is closed: the snapshot stands alone


def test_items_carry_both_dimensions_their_uid_and_counts(demo_snap):
    snap, view, _counts, uids, _files, _ = demo_snap
    assert [i.code for i in snap.items] == [i.code for i in view.items]
    for item, raw in zip(snap.items, view.items, strict=True):
        assert (item.progress, item.result, item.evidence_count) == (raw.progress, raw.result, raw.evidence_count)
        assert item.uid == uids[item.id] and item.key == raw.code  # the built-in template: key = code
        assert dict(item.indicator_values) == raw.indicator_values
    assert snap.overall == view.overall and dict(snap.part_tallies) == view.part_tallies
    assert snap.template_version and snap.ledger_uid and snap.unit_uid


def test_evidence_with_files_and_register_entries_with_links_and_verdicts(demo_snap):
    snap, _view, counts, _uids, files, _ = demo_snap
    assert sum(len(e.files) for e in snap.evidence) == files > 0
    assert all(f.sha256 and f.stored_name for e in snap.evidence for f in e.files)
    assert {e: len(snap.entries(e)) for e in rules.ENTITIES} == counts
    for entity in rules.ENTITIES:
        assert [e.number for e in snap.entries(entity)] == list(range(1, counts[entity] + 1))
        assert all(len(e.uid) == 32 for e in snap.entries(entity))
    assert set(snap.verdicts) == {e.id for e in snap.entries(rules.CASE)}
    assert any(e.item_ids for e in snap.entries(rules.REVIEW))
    assert any(e.documents for e in snap.evidence)  # a file filed under a register entry
    dated = [i for i in snap.items if i.last_evidence_on]
    assert dated and all(i.evidence_count for i in dated)
    assert len(snap.indicators) == 37 and all(r.key and r.item_uid for r in snap.indicators)
    assert dict(snap.report_texts) == {("一", "3"): "全年审查规范性文件 2 件。"}


def test_the_snapshot_cannot_be_changed(demo_snap):
    snap = demo_snap[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.items[0].progress = "已完成"
    with pytest.raises(TypeError):
        snap.registers[rules.CASE] = ()
    with pytest.raises(TypeError):
        snap.items[1].indicator_values["x"] = 1


def test_every_output_is_written_from_the_snapshot_alone(demo_snap):
    """The store is closed: the workbook and the 执法统计年报 read nothing else."""
    snap, view, counts, _uids, _files, folder = demo_snap
    out = export_xlsx.write_workbook(snap, None, folder / "wb.xlsx", xlsx_sheets.Steps(1))
    book = openpyxl.load_workbook(out, read_only=True)
    tasks = list(book["任务清单"].iter_rows(min_row=2, values_only=True))
    assert len(tasks) == sum(1 for i in view.items if i.level != "part")
    assert len(list(book["合法性审查台账"].iter_rows(min_row=2))) == counts[rules.REVIEW]
    stats = register_export.write_enforcement_statistics(snap, folder / "st.xlsx", xlsx_sheets.Steps(1))
    rows = list(openpyxl.load_workbook(stats, read_only=True)["执法统计"].iter_rows(values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][1] == counts[rules.CASE]


def test_a_write_while_the_snapshot_is_read_is_not_half_seen(store, mini_ledger, item_ids, monkeypatch):
    """One read transaction: a save (by another program) that lands after the reading began is in none of it."""
    real = snapshot.snapshot_repo.ledger_identity  # read after the ledger, before the items
    done = threading.Event()

    def save_meanwhile(*args):
        def other_program():
            with Store(store.data.root) as other:
                ledgers.update_item(other, item_ids["1.1"], {"progress": "已完成"})
            done.set()
        threading.Thread(target=other_program).start()
        assert done.wait(10)
        return real(*args)

    monkeypatch.setattr(snapshot.snapshot_repo, "ledger_identity", save_meanwhile)
    snap = snapshot.take(store, mini_ledger, TODAY)
    assert done.is_set()
    item = next(i for i in snap.items if i.code == "1.1")
    assert item.progress == "未开始" and snap.overall.done == 0  # the state the reading began with
    assert ledgers.get_item(store, item_ids["1.1"]).progress == "已完成"  # and the save is there


def test_a_snapshot_of_some_items_evidence_reads_theirs_and_refuses_the_rest(tmp_path):
    """The report quotes a few items' evidence: it reads only theirs, and asking for another item's is an error,
    never an empty answer; the total still counts every entry."""
    with Store(tmp_path / "data") as store:
        ledger_id = demo.create_demo_ledger(store, "示范镇人民政府", 2025, today=TODAY).result
        full = snapshot.take(store, ledger_id, TODAY)
        with_files = [i for i in full.checklist() if full.evidence_of(i.id)]
        chosen, other = with_files[0], with_files[1]
        scoped = snapshot.take(store, ledger_id, TODAY, evidence_for=lambda snap: [chosen.id])
        none = snapshot.take(store, ledger_id, TODAY, evidence_for=snapshot.no_evidence)
    assert scoped.evidence_of(chosen.id) == full.evidence_of(chosen.id)
    with pytest.raises(LookupError):
        scoped.evidence_of(other.id)
    assert scoped.evidence_total == none.evidence_total == len(full.evidence) > len(scoped.evidence)
    assert none.evidence == () and all(i.last_evidence_on is None for i in none.items + scoped.items)
    assert [i.evidence_count for i in scoped.items] == [i.evidence_count for i in full.items]
    assert scoped.part_tallies == full.part_tallies and scoped.registers.keys() == full.registers.keys()
