"""The 任务清单 edited in a spreadsheet program comes back: exported, edited with openpyxl (as WPS/Excel
would save it), read, diffed and applied — exactly the edited fields change, one undo step restores them."""

import shutil
import subprocess
import zipfile
from datetime import date

import openpyxl
import pytest

from desktop.domain.errors import UserError
from desktop.services import backup, export_xlsx, ledgers, roundtrip, undo
from tests.conftest import TODAY


def _export(store, ledger_id, path):
    return export_xlsx.export_progress_workbook(store, ledger_id, path, today=TODAY)


def _edit(path, edits: dict, sheet="任务清单"):
    """edits: {(code, header): value} on the sheet's rows found by code (column A)."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    for (code, title), value in edits.items():
        rows[code][header.index(title)].value = value
    book.save(path)
    return path


def _dump(store):
    """Every row of every table but the bookkeeping ones, to compare the database before/after."""
    db = store.db
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
              if r[0] not in ("operation", "change_log", "op_context", "setting", "sqlite_sequence")]
    return {t: sorted(repr(tuple(r)) for r in db.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}


def _items(store, ledger_id):
    return {i.code: i for i in ledgers.load_view(store, ledger_id).items}


def test_exactly_the_edited_fields_change_and_undo_restores(store, mini_ledger, tmp_path):
    path = _export(store, mini_ledger, tmp_path / "进度表.xlsx")
    before_items = _items(store, mini_ledger)
    _edit(path, {("1.1", "进度"): "已完成", ("1.1", "责任人"): " 王丽 ", ("1.2", "完成时限"): "2025年9月30日",
                 ("1.2", "落实结果"): "部分落实", ("5.7", "不适用理由"): "由县级负责",
                 ("1.2", "任务"): "改了不可编辑的列"})  # computed columns are never read back
    diff = roundtrip.read(store, mini_ledger, path, today=TODAY)
    assert diff.problems == ()
    got = {(c.code, c.label): (c.old, c.new) for c in diff.changes}
    assert got == {("1.1", "进度"): ("未开始", "已完成"), ("1.1", "责任人"): ("", "王丽"),
                   ("1.2", "完成时限"): ("", "2025-09-30"), ("1.2", "落实结果"): ("未评估", "部分落实"),
                   ("5.7", "不适用理由"): ("清单模板标注乡镇不适用", "由县级负责")}
    assert str(diff.changes[0]).startswith("1.1 ")
    before = _dump(store)
    changes = roundtrip.apply(store, mini_ledger, diff.changes, file_name=path.name)
    assert changes.label == "从 Excel 导入 3 项修改（进度表.xlsx）"
    after_items = _items(store, mini_ledger)
    assert after_items["1.1"].progress == "已完成" and after_items["1.1"].owner == "王丽"
    assert after_items["1.2"].due_date == date(2025, 9, 30) and after_items["1.2"].title == before_items["1.2"].title
    after = _dump(store)
    changed = {t for t in before if before[t] != after[t]}
    assert changed == {"ledger_item"}
    differing = set(after["ledger_item"]) - set(before["ledger_item"])
    assert len(differing) == 3
    ops = store.db.execute("SELECT count(*) FROM operation WHERE label LIKE '从 Excel 导入%'").fetchone()[0]
    assert ops == 1
    logged = store.db.execute("SELECT count(*) FROM change_log WHERE operation_id = ?", [changes.op_id]).fetchone()[0]
    assert logged >= 5
    undo.undo(store, changes.op_id)
    assert _dump(store)["ledger_item"] == before["ledger_item"]
    assert roundtrip.read(store, mini_ledger, path, today=TODAY).changes  # the file still says what it said


def test_a_backup_is_made_before_applying(store, mini_ledger, tmp_path):
    path = _edit(_export(store, mini_ledger, tmp_path / "a.xlsx"), {("1.1", "备注"): "已报区司法局"})
    count = len(backup.list_backups(store, read_files=False))
    roundtrip.apply(store, mini_ledger, roundtrip.read(store, mini_ledger, path).changes)
    assert len(backup.list_backups(store, read_files=False)) == count + 1
    assert _items(store, mini_ledger)["1.1"].remark == "已报区司法局"


def test_rows_matched_by_key_not_position(store, mini_ledger, tmp_path):
    """Sorted by the colleague (rows reversed) and a row inserted: each edit still lands on its item."""
    path = _edit(_export(store, mini_ledger, tmp_path / "s.xlsx"), {("1.2", "责任科室"): "司法所"})
    book = openpyxl.load_workbook(path)
    ws = book["任务清单"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    for r, row in enumerate(reversed(values), start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c).value = value
    ws.insert_rows(2)
    ws["A2"] = "新增"
    book.save(path)
    diff = roundtrip.read(store, mini_ledger, path)
    assert [(c.code, c.field, c.value) for c in diff.changes] == [("1.2", "department", "司法所")]
    assert [(p.row, p.column) for p in diff.problems] == [(2, "标识（请勿修改）")]


def test_bad_date_cell_reported_with_row_and_column(store, mini_ledger, tmp_path):
    path = _edit(_export(store, mini_ledger, tmp_path / "d.xlsx"),
                 {("1.1", "完成时限"): "下个月", ("1.1", "责任人"): "李强", ("1.2", "进度"): "差不多了"})
    diff = roundtrip.read(store, mini_ledger, path)
    rows = {r[0].value: r[0].row for r in openpyxl.load_workbook(path)["任务清单"].iter_rows(min_row=2)}
    problems = {(p.row, p.column): p for p in diff.problems}
    assert set(problems) == {(rows["1.1"], "完成时限"), (rows["1.2"], "进度")}
    assert "不是日期" in problems[(rows["1.1"], "完成时限")].why
    assert f"任务清单第 {rows['1.1']} 行“完成时限”列" in str(problems[(rows["1.1"], "完成时限")])
    assert [(c.code, c.field) for c in diff.changes] == [("1.1", "owner")]  # the readable cell still counts


def test_wrong_dimension_record_as_wps_writes(store, mini_ledger, tmp_path):
    """A <dimension ref="A1:B2"/> that covers two rows: every row is still read."""
    path = _edit(_export(store, mini_ledger, tmp_path / "w.xlsx"), {("5.7", "责任人"): "赵六"})
    bad = tmp_path / "wps.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as new:
        names = {n for n in old.namelist() if n.startswith("xl/worksheets/sheet")}
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename in names:
                start = data.index(b"<dimension ")
                data = data[:start] + b'<dimension ref="A1:B2"/>' + data[data.index(b"/>", start) + 2:]
            new.writestr(info.filename, data)
    assert openpyxl.load_workbook(bad, read_only=True)["任务清单"].max_row == 2
    diff = roundtrip.read(store, mini_ledger, bad)
    assert [(c.code, c.new) for c in diff.changes] == [("5.7", "赵六")]


def test_another_ledgers_workbook_is_refused(store, mini_ledger, mini_template_id, tmp_path):
    other = ledgers.create_ledger(store, "另一镇人民政府", 2025, mini_template_id).result
    path = _edit(_export(store, other, tmp_path / "o.xlsx"), {("1.1", "责任人"): "某人"})
    before = _dump(store)
    with pytest.raises(UserError, match="另一本台账"):
        roundtrip.read(store, mini_ledger, path)
    # properties lost (re-saved by a program that drops them): the keys still tell
    stripped = tmp_path / "stripped.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(stripped, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "docProps/custom.xml":
                data = data.replace(b"fazhi.", b"other.")
            new.writestr(info.filename, data)
    with pytest.raises(UserError, match="另一本台账"):
        roundtrip.read(store, mini_ledger, stripped)
    assert _dump(store) == before


def test_not_a_progress_workbook(store, mini_ledger, tmp_path):
    path = tmp_path / "x.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.save(path)
    with pytest.raises(UserError, match="任务清单"):
        roundtrip.read(store, mini_ledger, path)


def _empty_typed_indicator(path):
    """The exported 指标完成情况's first typed indicator without a value: (book, its row, the header)."""
    book = openpyxl.load_workbook(path)
    ws = book["指标完成情况"]
    header = [c.value for c in ws[1]]
    typed = next(r for r in ws.iter_rows(min_row=2) if r[header.index("数据来源")].value != "台账统计"
                 and r[header.index("完成值")].value is None)
    return book, typed, header


def test_typed_indicator_value_comes_back(store, ledger, tmp_path):
    path = _export(store, ledger, tmp_path / "i.xlsx")
    book, typed, header = _empty_typed_indicator(path)
    typed[header.index("完成值")].value = 12
    code, key = typed[0].value, typed[header.index("指标键")].value
    book.save(path)
    diff = roundtrip.read(store, ledger, path)
    assert [(c.code, c.field, c.value) for c in diff.changes] == [(code, f"indicator:{key}", 12.0)]
    roundtrip.apply(store, ledger, diff.changes, make_backup=False)
    item = next(i for i in ledgers.load_view(store, ledger).items if i.code == code)
    assert ledgers.get_item(store, item.id).indicator_values[key] == 12.0


def test_cli_lists_then_applies(tmp_path, capsys):
    from desktop.app import main

    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--year", "2025"]) == 0
    out = tmp_path / "进度表.xlsx"
    assert main(["--data-dir", str(data), "export", "xlsx", "--year", "2025", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    ws = book["任务清单"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("备注") + 1).value = "区里已核实"
    code = ws.cell(2, 1).value
    book.save(out)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "import", "workbook", "--year", "2025", str(out)]) == 0
    listed = capsys.readouterr().out
    assert f"{code} 备注：" in listed and "→ 区里已核实" in listed and "--apply" in listed
    assert main(["--data-dir", str(data), "import", "workbook", "--year", "2025", str(out), "--apply"]) == 0
    assert "从 Excel 导入 1 项修改" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "import", "workbook", "--year", "2025", str(out)]) == 0
    assert "0 项共 0 处修改" in capsys.readouterr().out


def test_a_file_exported_before_edits_made_here_never_turns_them_back(store, mini_ledger, tmp_path):
    """Monday's export, edited by a colleague on Wednesday, after the officer changed 1.1 and 1.2 here on
    Tuesday: the colleague's own edit comes in; 1.1, untouched in the file, keeps Tuesday's value; 1.2,
    edited on both sides, is taken from neither and named."""
    path = _export(store, mini_ledger, tmp_path / "周一.xlsx")
    items = _items(store, mini_ledger)
    ledgers.update_item(store, items["1.1"].id, {"remark": "周二在本机改的备注"})
    ledgers.update_item(store, items["1.2"].id, {"owner": "本机填的人"})
    _edit(path, {("5.7", "责任人"): "同事填的人", ("1.2", "责任人"): "同事另填的人"})
    diff = roundtrip.read(store, mini_ledger, path, today=TODAY)
    assert [(c.code, c.label, c.new) for c in diff.changes] == [("5.7", "责任人", "同事填的人")]
    said = [str(p) for p in diff.problems]
    assert any("1.1：导出后已在本机改为“周二在本机改的备注”，表中仍是导出时的值，保留本机的值" in t for t in said)
    assert any("1.2：导出后本机已改为“本机填的人”，表中又改为“同事另填的人”，两处都改过，未导入" in t for t in said)
    roundtrip.apply(store, mini_ledger, diff.changes, make_backup=False)
    after = _items(store, mini_ledger)
    assert after["1.1"].remark == "周二在本机改的备注" and after["1.2"].owner == "本机填的人"
    assert after["5.7"].owner == "同事填的人"


def test_a_typed_indicator_changed_here_after_the_export_stays(store, ledger, tmp_path):
    path = _export(store, ledger, tmp_path / "i.xlsx")
    _book, typed, header = _empty_typed_indicator(path)
    code, key = typed[0].value, typed[header.index("指标键")].value
    item = next(i for i in ledgers.load_view(store, ledger).items if i.code == code)
    ledgers.update_item(store, item.id, {}, {key: 5})
    diff = roundtrip.read(store, ledger, path)
    assert diff.changes == () and "保留本机的值" in str(diff.problems[0])


VT = b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def _with_custom_property(path, name: str, xml: bytes, out):
    """The workbook with one custom property's value element replaced, as another program writes it."""
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "docProps/custom.xml":
                start = data.index(f'name="{name}"'.encode())
                value = data.index(b"<vt:", start)
                kind = xml[1:xml.index(b">")]  # the namespace declared on the element, as openpyxl writes it
                declared = xml.replace(kind, kind + b' xmlns:vt="' + VT + b'"', 1)
                data = data[:value] + declared + data[data.index(b"</property>", value):]
            new.writestr(info.filename, data)
    return out


def test_a_year_and_version_stored_as_decimals_by_libreoffice_are_this_ledgers(store, mini_ledger, tmp_path):
    path = _edit(_export(store, mini_ledger, tmp_path / "e.xlsx"), {("5.7", "责任人"): "赵六"})
    as_lo = _with_custom_property(path, "fazhi.year", b"<vt:r8>2025</vt:r8>", tmp_path / "lo.xlsx")
    as_lo = _with_custom_property(as_lo, "fazhi.schema", b"<vt:lpwstr>1.0</vt:lpwstr>", tmp_path / "lo2.xlsx")
    assert [(c.code, c.new) for c in roundtrip.read(store, mini_ledger, as_lo).changes] == [("5.7", "赵六")]
    odd = _with_custom_property(path, "fazhi.schema", b"<vt:lpwstr>abc</vt:lpwstr>", tmp_path / "odd.xlsx")
    with pytest.raises(UserError, match="版本标记（abc）无法识别"):
        roundtrip.read(store, mini_ledger, odd)
    other = _with_custom_property(path, "fazhi.year", b"<vt:r8>2024</vt:r8>", tmp_path / "y.xlsx")
    with pytest.raises(UserError, match="另一本台账（.* 2024 年度）"):
        roundtrip.read(store, mini_ledger, other)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is needed")
def test_a_workbook_saved_again_by_libreoffice_comes_back(store, mini_ledger, tmp_path):
    path = _edit(_export(store, mini_ledger, tmp_path / "e.xlsx"), {("5.7", "责任人"): "赵六"})
    saved = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(saved), str(path)], check=True, capture_output=True, timeout=240)
    diff = roundtrip.read(store, mini_ledger, saved / "e.xlsx")
    assert [(c.code, c.new) for c in diff.changes] == [("5.7", "赵六")] and diff.problems == ()


def test_a_rate_exported_as_a_figure_and_empty_now_is_no_edit(store, ledger, tmp_path, monkeypatch):
    """A rate (办理率) is computed from two figures; exported while they existed, read back when they do not
    (a petition undone since): the file's old figure is not taken for a typed value."""
    from desktop.services import register_totals

    path = _export(store, ledger, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["指标完成情况"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("指标键")].value == "petition_done_rate")
    row[header.index("完成值")].value = 80  # as exported when the rate was 80%
    book.save(path)
    real = register_totals.counted_indicators

    def without_rate(*args, **kwargs):
        found = real(*args, **kwargs)
        return {i: {k: v for k, v in keys.items() if k != "petition_done_rate"} for i, keys in found.items()}

    monkeypatch.setattr(register_totals, "counted_indicators", without_rate)
    diff = roundtrip.read(store, ledger, path)
    assert [c for c in diff.changes if c.field == "indicator:petition_done_rate"] == [] and diff.problems == ()
