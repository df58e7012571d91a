"""法律顾问, 执法案件 (and 执法人员) from Excel (issue 12 §4c): real files made here, read back through the
services; one undo step; a bad row anywhere imports nothing and is named by row and column."""

import time
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import xlsxwriter

from desktop.domain import registers as rules
from desktop.domain.errors import UserError
from desktop.services import (
    backup,
    ledgers,
    register_export,
    register_import,
    register_sheet,
    registers,
    undo,
)
from tests.conftest import TODAY


def sheet(path, rows, *, title=None):
    """An .xlsx written by XlsxWriter (as Excel writes it: shared strings, dates as numbers)."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Sheet1")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    start = 0
    if title:
        ws.write_string(0, 0, title)
        start = 1
    for r, row in enumerate(rows, start=start):
        for c, value in enumerate(row):
            if isinstance(value, (date, datetime)):
                ws.write_datetime(r, c, value, dates)
            elif value is not None:
                ws.write(r, c, value)
    book.close()
    return path


def entries(store, entity, ledger_id):
    return registers.list_entries(store, entity, ledger_id)


ADVISERS = ["姓名", "所在律所/单位", "顾问类型", "聘期开始", "聘期结束", "联系方式", "备注"]


def test_advisers_are_imported_under_a_title_line_with_dates_as_text_in_one_undo_step(store, ledger, tmp_path):
    path = sheet(tmp_path / "顾问.xlsx", [
        ADVISERS,
        ["王律师", "江城律师事务所", "政府法律顾问", "2025/3/1", "2026年2月28日", 13800000000, None],
        [" 李 律师", None, "村(居)法律顾问", datetime(2025, 1, 1), date(2025, 12, 31), "0571-1234", "驻村"],
        [None, None, None, None, None, None, None]], title="2025年法律顾问名册")
    before = len(backup.list_backups(store))
    changes = register_import.import_file(store, rules.ADVISER, ledger, path, today=TODAY)
    assert changes.result == 2 and changes.label == "导入法律顾问 2 名（顾问.xlsx）"
    assert len(backup.list_backups(store)) == before + 1
    found = {a.name: a for a in entries(store, rules.ADVISER, ledger)}
    wang, li = found["王律师"], found["李 律师"]
    assert (wang.firm, wang.adviser_type, wang.contract_start, wang.contract_end, wang.contact) == (
        "江城律师事务所", "政府法律顾问", date(2025, 3, 1), date(2026, 2, 28), "13800000000")
    assert (li.firm, li.adviser_type, li.contract_start, li.note) == ("", "村(居)法律顾问", date(2025, 1, 1), "驻村")
    undo.undo(store, changes.op_id)
    assert entries(store, rules.ADVISER, ledger) == []


CASES = ["案件编号", "执法类别", "案由", "当事人", "立案日期", "决定日期", "罚没金额(元)", "重大执法决定",
         "法制审核记录", "公示日期", "公示载体", "承办执法人员"]


def _review(store, ledger, title="关于张某违法建设的处罚决定审核"):
    return registers.add(store, rules.REVIEW, ledger, {
        "category": "重大执法决定", "title": title, "received_on": date(2025, 5, 6)}, today=TODAY).result


def test_cases_are_imported_with_numbers_as_text_their_review_by_title_and_default_publicity_days(
        store, ledger, tmp_path):
    review_id = _review(store, ledger)
    path = sheet(tmp_path / "案件.xlsx", [
        CASES,
        ["河执罚〔2025〕1号", "处罚", "违法建设", "张某", "2025-05-01", "2025-05-10", "2,000", "是",
         "关于张某违法建设的处罚决定审核", "2025-05-12", "政府门户网站", "赵敏、孙磊"],
        ["河执检〔2025〕2号", "检查", "安全检查", "某公司", date(2025, 6, 1), None, None, "否", None, None, None, None]])
    changes = register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)
    assert changes.result == 2 and changes.label == "导入行政执法案件 2 件（案件.xlsx）"
    found = {c.case_no: c for c in entries(store, rules.CASE, ledger)}
    first, second = found["河执罚〔2025〕1号"], found["河执检〔2025〕2号"]
    assert (first.fine_amount, first.is_major, first.legality_review_id, first.published_on) == (
        2000.0, True, review_id, date(2025, 5, 12))
    assert (first.publicity_days, second.publicity_days) == (7, 20)  # from the kind, as the form fills it
    assert first.case_officers == "赵敏、孙磊" and second.decision_on is None and not second.is_major
    undo.undo(store, changes.op_id)
    assert entries(store, rules.CASE, ledger) == []


def test_a_bad_case_anywhere_imports_nothing_and_each_is_named_by_row_and_column(store, ledger, tmp_path):
    registers.add(store, rules.CASE, ledger, {"case_no": "已有1号", "kind": "处罚", "title": "旧案"}, today=TODAY)
    good = ["新1号", "处罚", "违法建设", "张某", "2025-05-01", "2025-05-10", None, "否", None, None, None, None]
    path = sheet(tmp_path / "案件.xlsx", [
        CASES, good,
        ["新2号", "处罚", "占道", "", "2025-05-10", "2025-05-01", None, None, None, None, None, None],
        ["新3号", "罚款", "占道", "", None, None, None, None, None, None, None, None],
        ["新1号", "检查", "复查", "", None, None, None, None, None, None, None, None],
        ["已有1号", "检查", "复查", "", None, None, None, None, None, None, None, None],
        ["新6号", "处罚", "占道", "", None, "2025-13-01", None, None, None, None, None, None],
        ["新7号", "处罚", "占道", "", None, None, "一千", "也许", None, None, None, None],
        ["新8号", "处罚", "占道", "", None, None, None, None, "没有这条审核", None, None, None],
        ["新9号", "处罚", "占道", "", None, "2026-01-05", None, None, None, None, None, None]])
    with pytest.raises(UserError) as refused:
        register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)
    assert str(refused.value).splitlines() == [
        "没有导入任何案件：8 行有问题，请改正后重新导入。",
        "第 3 行：决定日期不能早于立案日期。",
        "第 4 行：执法类别：“罚款”不在可选项中（许可、处罚、强制、检查、征收征用、其他）。",
        "第 5 行：案件编号 新1号 与第 2 行重复。",
        "第 6 行：案件编号“已有1号”已登记过。",
        "第 7 行：决定日期：“2025-13-01”不是日期（如 2025-06-30）。",
        "第 8 行：罚没金额（元）：“一千”应为数字。",
        "第 9 行：法制审核记录：“没有这条审核”不在本年度合法性审查登记中（请先登记，或清空此格）。",
        "第 10 行：决定日期不能晚于今天。"]
    assert [c.case_no for c in entries(store, rules.CASE, ledger)] == ["已有1号"]


def test_a_missing_required_column_is_named_and_the_file_is_refused(store, ledger, tmp_path):
    path = sheet(tmp_path / "案件.xlsx", [["案件编号", "案由"], ["1号", "占道"]])
    with pytest.raises(UserError, match="第 1 行没有“执法类别”列。") as refused:
        register_import.check_file(store, rules.CASE, ledger, path, TODAY)
    assert "必须有的列：案件编号、执法类别、案由" in str(refused.value)
    advisers = sheet(tmp_path / "顾问.xlsx", [["姓名", "所在律所/单位"], ["王律师", "江城所"]])
    with pytest.raises(UserError, match="没有“顾问类型”列"):
        register_import.import_file(store, rules.ADVISER, ledger, advisers, today=TODAY)
    assert entries(store, rules.ADVISER, ledger) == []


def test_advisers_twice_in_the_file_or_already_in_the_register_are_refused(store, ledger, tmp_path):
    registers.add(store, rules.ADVISER, ledger, {"name": "王律师", "firm": "江城所", "adviser_type": "政府法律顾问"},
                  today=TODAY)
    path = sheet(tmp_path / "顾问.xlsx", [
        ["姓名", "所在律所/单位", "顾问类型"],
        ["王律师", "江城所", "政府法律顾问"],  # already there
        ["王律师", "", "政府法律顾问"],  # the same name without a firm to tell them apart
        ["李律师", "河口所", "村(居)法律顾问"],
        ["李律师", "河口所", "政府法律顾问"],  # twice in the file
        ["李律师", "另一所", "政府法律顾问"],  # the same name, another firm: another person
        ["赵律师", None, "政府法律顾问"], ["赵律师", None, "政府法律顾问"]])
    checked = register_import.check_file(store, rules.ADVISER, ledger, path, TODAY)
    assert checked.problems == [
        "第 2 行：姓名 王律师、所在律所/单位 江城所 已登记在名册中（王律师（江城所））。",
        "第 3 行：王律师 已在名册中，且本行没有所在律所/单位可区分。",
        "第 5 行：姓名 李律师、所在律所/单位 河口所 与第 4 行重复。",
        "第 8 行：赵律师 与第 7 行同名，且没有所在律所/单位可区分。"]
    with pytest.raises(UserError):
        register_import.import_file(store, rules.ADVISER, ledger, path, today=TODAY)
    assert len(entries(store, rules.ADVISER, ledger)) == 1


def test_check_file_reads_only_and_gives_the_rows_labels_and_preview(store, ledger, tmp_path):
    path = sheet(tmp_path / "顾问.xlsx", [ADVISERS, ["王律师", "江城所", "政府法律顾问", "2025-03-01", None, None, None]])
    before = (len(backup.list_backups(store)), store.db.execute("SELECT count(*) FROM operation").fetchone()[0])
    checked = register_import.check_file(store, rules.ADVISER, ledger, path, TODAY)
    assert checked.problems == [] and checked.numbers == [2]
    assert checked.labels == ["姓名", "所在律所/单位", "顾问类型", "聘期开始", "聘期结束", "联系方式", "备注"]
    assert checked.rows[0]["contract_start"] == date(2025, 3, 1) and checked.rows[0]["name"] == "王律师"
    assert checked.preview == [["王律师", "江城所", "政府法律顾问", "2025-03-01", "", "", ""]]
    assert (len(backup.list_backups(store)), store.db.execute("SELECT count(*) FROM operation").fetchone()[0]) == before
    assert entries(store, rules.ADVISER, ledger) == []
    assert set(register_import.ENTITIES) == {rules.OFFICER, rules.ADVISER, rules.CASE}
    for entity in register_import.ENTITIES:
        assert "必须有的列" in register_import.describe(entity)


def test_an_empty_sheet_says_so(store, ledger, tmp_path):
    path = sheet(tmp_path / "空.xlsx", [["案件编号", "执法类别", "案由"]])
    with pytest.raises(UserError, match="表格中没有行政执法案件"):
        register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)


def _fill_registers(store, ledger):
    add = lambda entity, **fields: registers.add(store, entity, ledger, fields, today=TODAY).result  # noqa: E731
    add(rules.ADVISER, name="王律师", firm="江城所", adviser_type="政府法律顾问", contract_start=date(2025, 1, 1),
        contract_end=date(2025, 12, 31), scope="合同审查\n信访接待", contact="138", note="")
    add(rules.ADVISER, name="李律师", adviser_type="村(居)法律顾问")
    add(rules.OFFICER, name="赵敏", certificate_no="Z0001", department="综合执法办",
        certificate_expires=date(2027, 6, 30), legal_reviewer=True, active=False)
    add(rules.OFFICER, name="孙磊")
    add(rules.CASE, case_no="1号", kind="处罚", title="违法建设", party="张某", filed_on=date(2025, 5, 1),
        decision_on=date(2025, 5, 10), fine_amount=1500.5, is_major=True, published_on=date(2025, 5, 12),
        publication_place="政府门户网站", text_record_complete=True, av_measure="查封扣押", publicity_days=5)
    add(rules.CASE, case_no="2号", kind="检查", title="检查", no_penalty=True, note="第一行\n第二行")


def _fields(store, entity, ledger_id):
    names = [f.name for f in rules.column_fields(entity)]
    return sorted(tuple(getattr(e, n) for n in names) for e in entries(store, entity, ledger_id))


def test_registers_exported_by_the_program_come_back_into_another_unit_and_are_refused_in_the_same(
        store, ledger, tmp_path):
    _fill_registers(store, ledger)
    exported = register_export.export_registers(store, ledger, tmp_path / "登记台账.xlsx", today=TODAY)
    other = ledgers.create_ledger(store, "石桥镇人民政府", 2025).result
    for entity, count in ((rules.ADVISER, 2), (rules.OFFICER, 2), (rules.CASE, 2)):
        changes = register_import.import_file(store, entity, other, exported, today=TODAY)
        assert changes.result == count
        assert _fields(store, entity, other) == _fields(store, entity, ledger), entity
        with pytest.raises(UserError) as refused:
            register_import.import_file(store, entity, ledger, exported, today=TODAY)
        assert f"{count} 行有问题" in str(refused.value) and "已登记" in str(refused.value)
    assert len(entries(store, rules.CASE, ledger)) == 2


def test_a_cell_merged_down_a_column_counts_for_every_row_and_one_across_fields_is_reported(store, ledger, tmp_path):
    path = tmp_path / "合并.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["姓名", "所在律所/单位", "顾问类型"])
    ws.append(["王律师", "江城所", "政府法律顾问"])
    ws.append(["李律师", "江城所", None])
    ws.append(["赵律师", None, "政府法律顾问"])
    ws.merge_cells("C2:C3")
    book.save(path)
    changes = register_import.import_file(store, rules.ADVISER, ledger, path, today=TODAY)
    assert {a.name: a.adviser_type for a in entries(store, rules.ADVISER, ledger)}["李律师"] == "政府法律顾问"
    undo.undo(store, changes.op_id)
    ws.merge_cells("A4:B4")
    book.save(path)
    with pytest.raises(UserError, match="第 4 行的“姓名、所在律所/单位”合并成了一个单元格，请取消合并后分别填写。"):
        register_import.import_file(store, rules.ADVISER, ledger, path, today=TODAY)
    assert entries(store, rules.ADVISER, ledger) == []


def test_a_formula_is_read_as_the_value_excel_computed(store, ledger, tmp_path):
    path = tmp_path / "公式.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["姓名", "顾问类型", "聘期开始"])
    ws.write_formula(1, 0, '="王"&"律师"', None, "王律师")
    ws.write_string(1, 1, "政府法律顾问")
    ws.write_formula(1, 2, "=DATE(2025,3,1)", None, 45717)  # a date formula whose format was lost: its serial
    book.close()
    checked = register_import.check_file(store, rules.ADVISER, ledger, path, TODAY)
    assert checked.problems == []
    assert (checked.rows[0]["name"], checked.rows[0]["contract_start"]) == ("王律师", date(2025, 3, 1))


def test_the_command_line_imports_advisers_and_cases_or_exits_2_with_the_report(tmp_path, capsys):
    from desktop.app import main
    from desktop.store.store import Store

    data = str(tmp_path / "data")
    with Store(tmp_path / "data") as store:
        ledgers.create_ledger(store, "河口镇", 2025)
    good = sheet(tmp_path / "顾问.xlsx", [ADVISERS, ["王律师", "青山律师事务所", "政府法律顾问", date(2025, 1, 1),
                                                  date(2025, 12, 31), "", ""]])
    assert main(["--data-dir", data, "import", "advisers", "--year", "2025", str(good)]) == 0
    assert "导入法律顾问 1 名" in capsys.readouterr().out
    assert main(["--data-dir", data, "import", "advisers", "--year", "2025", str(good)]) == 2  # already there
    assert "王律师" in capsys.readouterr().err
    bad = sheet(tmp_path / "案件.xlsx", [["案件编号", "执法类别", "案由"], ["", "处罚", "没有编号"]])
    assert main(["--data-dir", data, "import", "cases", "--year", "2025", str(bad)]) == 2
    assert "第 2 行" in capsys.readouterr().err
    with Store(tmp_path / "data") as store:
        ledger = ledgers.list_ledgers(store)[0].id
        assert [a.name for a in entries(store, rules.ADVISER, ledger)] == ["王律师"]
        assert entries(store, rules.CASE, ledger) == []


def test_a_hostile_file_is_refused_before_it_is_parsed(store, ledger, tmp_path):
    from tests.test_xlsx_guard import LAUGHS, _rewrite

    good = sheet(tmp_path / "顾问.xlsx", [ADVISERS, ["王律师", "青山律师事务所", "政府法律顾问"]])
    bomb = _rewrite(good, tmp_path / "laughs.xlsx", {"xl/worksheets/sheet1.xml": LAUGHS})
    with pytest.raises(UserError, match="DOCTYPE"):
        register_import.import_file(store, rules.ADVISER, ledger, bomb, today=TODAY)
    assert entries(store, rules.ADVISER, ledger) == []


def _cases_file(tmp_path, name="案件.xlsx", rows=(), *, extra_rows: bytes = b""):
    """A cases sheet; extra_rows is raw sheet XML put at the end of its sheetData."""
    from tests.test_xlsx_guard import _rewrite

    good = ["新1号", "处罚", "违法建设", "张某", "2025-05-01", "2025-05-10", None, "否", None, None, None, None]
    path = sheet(tmp_path / f"base-{name}", [CASES, good, *rows])
    with zipfile.ZipFile(path) as book:
        xml = book.read("xl/worksheets/sheet1.xml")
    return _rewrite(path, tmp_path / name, {"xl/worksheets/sheet1.xml": xml.replace(b"</sheetData>",
                                                                                  extra_rows + b"</sheetData>")})


@pytest.mark.parametrize("row", [5_000_000, 1_000_000_000])
def test_a_row_beyond_excels_last_is_refused_at_once(store, ledger, tmp_path, row):
    """openpyxl would make every empty row up to it (1 000 000 000 rows: half an hour)."""
    path = _cases_file(tmp_path, extra_rows=b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (row, row))
    started = time.monotonic()
    with pytest.raises(UserError, match=f"单元格位置 {row} 超出了 Excel 的范围"):
        register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)
    assert time.monotonic() - started < 3
    assert entries(store, rules.CASE, ledger) == []


def test_a_column_beyond_xfd_is_refused(store, ledger, tmp_path):
    path = _cases_file(tmp_path, extra_rows=b'<row r="3"><c r="XFE3"><v>1</v></c></row>')
    with pytest.raises(UserError, match="单元格位置 XFE3 超出了 Excel 的范围"):
        register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)


def test_content_far_below_is_refused_without_walking_the_empty_rows(store, ledger, tmp_path, monkeypatch):
    path = _cases_file(tmp_path, extra_rows=b'<row r="1000000"><c r="A1000000"><v>1</v></c></row>')
    walked = []
    real = register_sheet._add
    monkeypatch.setattr(register_sheet, "_add", lambda *a: walked.append(a[1]) or real(*a))
    with pytest.raises(UserError, match="第 1000000 行还有内容，超出了可读取的范围"):
        register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)
    assert walked == [] and entries(store, rules.CASE, ledger) == []


def test_formatting_far_below_and_a_cell_far_right_are_harmless(store, ledger, tmp_path):
    """A styled empty cell is not content; a value in XFD, outside the header's columns, is not read."""
    path = _cases_file(tmp_path, extra_rows=b'<row r="3"><c r="XFD3"><v>7</v></c></row>'
                                             b'<row r="900000"><c r="A900000" s="1"/></row>')
    changes = register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)
    assert changes.result == 1 and [c.case_no for c in entries(store, rules.CASE, ledger)] == ["新1号"]


def _with_hidden_cases_sheet(path, visible_rows, hidden_rows):
    book = xlsxwriter.Workbook(str(path))
    for name, rows, hide in (("案件", visible_rows, False), ("行政执法案件台账", hidden_rows, True)):
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.write(r, c, value)
        if hide:
            ws.hide()
    book.close()
    return path


def test_a_hidden_sheet_is_never_read_even_when_it_has_the_registers_name(store, ledger, tmp_path):
    shown = [CASES[:3], ["看得见1号", "处罚", "违法建设"]]
    hidden = [CASES[:3], ["隐藏1号", "处罚", "占道"], ["隐藏2号", "检查", "复查"]]
    path = _with_hidden_cases_sheet(tmp_path / "隐藏.xlsx", shown, hidden)
    assert register_import.import_file(store, rules.CASE, ledger, path, today=TODAY).result == 1
    assert [c.case_no for c in entries(store, rules.CASE, ledger)] == ["看得见1号"]


def test_when_only_a_hidden_sheet_has_the_header_the_refusal_says_it_is_hidden(store, ledger, tmp_path):
    path = _with_hidden_cases_sheet(tmp_path / "隐藏.xlsx", [["说明"], ["见另一表"]],
                                    [CASES[:3], ["隐藏1号", "处罚", "占道"]])
    with pytest.raises(UserError, match="工作表“行政执法案件台账”是隐藏的，不会读取"):
        register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)
    assert entries(store, rules.CASE, ledger) == []


def test_a_date_serial_of_zero_or_below_and_nan_as_an_amount_are_named_by_row(store, ledger, tmp_path):
    path = sheet(tmp_path / "案件.xlsx", [
        CASES,
        ["新1号", "处罚", "违法建设", "", -1, None, None, None, None, None, None, None],
        ["新2号", "处罚", "违法建设", "", 0, None, None, None, None, None, None, None],
        ["新3号", "处罚", "违法建设", "", None, None, "nan", None, None, None, None, None],
        ["新4号", "处罚", "违法建设", "", None, None, "inf", None, None, None, None, None],
        ["新5号", "处罚", "违法建设", "", 45800, None, "12.5", None, None, None, None, None]])
    with pytest.raises(UserError) as refused:
        register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)
    assert str(refused.value).splitlines() == [
        "没有导入任何案件：4 行有问题，请改正后重新导入。",
        "第 2 行：立案日期：“-1”不是日期（如 2025-06-30）。",
        "第 3 行：立案日期：“0”不是日期（如 2025-06-30）。",
        "第 4 行：罚没金额（元）：“nan”应为数字。",
        "第 5 行：罚没金额（元）：“inf”应为数字。"]
    assert entries(store, rules.CASE, ledger) == []


def test_the_usual_full_names_of_a_case_kind_are_taken_and_the_choices_are_said_first(store, ledger, tmp_path):
    assert "“执法类别”填许可、处罚、强制、检查、征收征用、其他之一" in register_import.describe(rules.CASE)
    assert "“行政执法案件台账”工作表" in register_import.describe(rules.CASE)
    path = sheet(tmp_path / "案件.xlsx", [["案件编号", "执法类别", "案由"], ["1号", "行政处罚", "占道"],
                                         ["2号", "行政征收", "征收"], ["3号", "行政处分", "不是执法类别"]])
    with pytest.raises(UserError) as refused:
        register_import.import_file(store, rules.CASE, ledger, path, today=TODAY)
    assert str(refused.value).splitlines()[1:] == ["第 4 行：执法类别：“行政处分”不在可选项中（许可、处罚、强制、检查、征收征用、其他）。"]
    checked = register_import.check_file(store, rules.CASE, ledger, path, today=TODAY)
    assert [r["kind"] for r in checked.rows[:2]] == ["处罚", "征收征用"]
