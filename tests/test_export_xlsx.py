"""The Excel progress workbook, read back with openpyxl and python-calamine."""

import errno
import os
import threading
from datetime import date, datetime

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from desktop.domain.errors import Cancelled, UserError
from desktop.services import evidence, export_xlsx, ledgers, register_export, xlsx_sheets
from tests.conftest import TODAY

SHEETS = ["封面", "汇总", "任务清单", "佐证材料目录", "未完成事项", "指标完成情况", "合法性审查台账", "行政执法案件台账", "法律顾问名册",
          "法律顾问服务台账", "学法培训台账", "执法人员培训学时", "复议应诉信访公开台账",
          "普法活动台账"]  # issue 11: + 案件/事项, 普法活动


@pytest.fixture
def filled_ledger(store, mini_ledger, item_ids, sample_file):
    ledgers.update_item(store, item_ids["1.1"], {"progress": "已完成", "result": "已落实", "owner": "王丽",
                                                 "department": "党政办", "due_date": date(2025, 6, 30)})
    ledgers.update_item(store, item_ids["1.2"], {"progress": "推进中", "due_date": date(2025, 11, 30),
                                                 "remark": "=HYPERLINK(\"http://x\")"})
    ledgers.update_item(store, item_ids["5.7"], {"result": "不适用", "na_reason": "由县级负责"})
    evidence.add(store, mini_ledger, title="中心组学法会议纪要", kind="会议纪要/记录",
                 formed_on=date(2025, 3, 18), item_ids=[item_ids["1.1"]], files=[sample_file("纪要.pdf")])
    evidence.add(store, mini_ledger, title="+SUM(A1)\x0b签到", kind="培训签到表", formed_on=date(2025, 4, 2),
                 item_ids=[item_ids["1.1"], item_ids["5.6.1"]])
    return mini_ledger


def _rows(path, sheet):
    book = openpyxl.load_workbook(path)
    return [[c.value for c in row] for row in book[sheet].iter_rows()]


def test_sheets_and_cells(store, filled_ledger, tmp_path):
    out = export_xlsx.export_progress_workbook(store, filled_ledger, tmp_path / "进度表.xlsx", today=TODAY)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == SHEETS
    tasks = {r[0]: r for r in _rows(out, "任务清单")[1:]}
    assert tasks["1.1"][1] == "学习贯彻" and tasks["1.1"][2] == "学习贯彻习近平法治思想"
    # one field per column: 落实结果 and 不适用理由 apart (they shared a cell before issue 10)
    assert tasks["1.1"][4:11] == ["党政办", "王丽", datetime(2025, 6, 30), "已完成", "已落实", None, 2]
    assert tasks["1.1"][11] == datetime(2025, 4, 2)
    assert tasks["5.7"][8:10] == ["不适用", "由县级负责"]
    summary = _rows(out, "汇总")
    assert summary[1] == ["部分", "部分名称", "条目数", "不适用", "已完成", "完成率", "佐证数"]
    total = summary[-1]
    assert total[0] == "合计" and total[2:5] == [6, 1, 1] and total[5] == pytest.approx(0.2) and total[6] == 3
    assert book["汇总"]["F3"].number_format == "0.0%"
    catalog = _rows(out, "佐证材料目录")[1:]
    assert ["1.1", datetime(2025, 3, 18), "中心组学法会议纪要", "会议纪要/记录", "纪要.pdf"] == catalog[0][:5]
    assert catalog[0][5] == "佐证材料" and len(catalog[0][6]) == 64
    assert {r[0] for r in catalog} == {"1.1", "5.6.1"}
    open_items = {r[0]: r for r in _rows(out, "未完成事项")[1:]}
    assert "1.1" not in open_items and "5.7" not in open_items
    assert open_items["1.2"][6] == "已逾期"  # due 2025-11-30, today 2025-12-01
    assert open_items["5.6"][6] is None


def test_user_text_is_text_never_a_formula(store, filled_ledger, tmp_path):
    out = export_xlsx.export_progress_workbook(store, filled_ledger, tmp_path / "a.xlsx", today=TODAY)
    book = openpyxl.load_workbook(out)
    remark = next(r for r in book["任务清单"].iter_rows() if r[0].value == "1.2")[13]
    assert remark.data_type == "s" and remark.value == '=HYPERLINK("http://x")'
    titles = [r[2] for r in book["佐证材料目录"].iter_rows()]
    signed = next(c for c in titles if str(c.value).startswith("+SUM"))
    assert signed.value == "+SUM(A1)签到" and signed.data_type == "s"  # \x0b removed


def test_print_settings_and_fonts(store, filled_ledger, tmp_path):
    out = export_xlsx.export_progress_workbook(store, filled_ledger, tmp_path / "a.xlsx", today=TODAY)
    book = openpyxl.load_workbook(out)
    for name in SHEETS:
        sheet = book[name]
        header = 2 if name in ("封面", "汇总") else 1  # below the sheet's title line
        cover = name == "封面"  # one page, and nothing to filter
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight in ((None, 1) if cover else (0,))  # absent: 1
        assert sheet.print_title_rows == f"${header}:${header}"
        assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
        # every printed page says whose ledger and which sheet it is (&A: the sheet's name)
        assert sheet.oddHeader.center.text == f"{ledgers.get_ledger(store, filled_ledger).label}　&A"
        assert sheet.freeze_panes == f"A{header + 1}"
        assert sheet.auto_filter.ref is None if cover else sheet.auto_filter.ref.startswith(f"A{header}:")
        assert sheet.cell(header, 1).font.name == "黑体"
        assert sheet.cell(header + 1, 1).font.name == "宋体"
        assert sheet.column_dimensions["B"].width >= 8


def test_second_reader_calamine_agrees(store, filled_ledger, tmp_path):
    out = export_xlsx.export_progress_workbook(store, filled_ledger, tmp_path / "a.xlsx", today=TODAY)
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == SHEETS
    tasks = book.get_sheet_by_name("任务清单").to_python()
    row = next(r for r in tasks if r[0] == "1.1")
    assert row[5] == "王丽" and row[7] == "已完成" and row[10] == 2
    assert row[6] in (date(2025, 6, 30), datetime(2025, 6, 30))
    remark = next(r for r in tasks if r[0] == "1.2")[13]
    assert remark == '=HYPERLINK("http://x")'


def test_cancel_leaves_no_file_and_keeps_the_old_one(store, filled_ledger, tmp_path):
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"old export")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        export_xlsx.export_progress_workbook(store, filled_ledger, out, cancel=cancel)
    assert out.read_bytes() == b"old export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_progress_reaches_the_total(store, filled_ledger, tmp_path):
    seen = []
    export_xlsx.export_progress_workbook(store, filled_ledger, tmp_path / "a.xlsx",
                                         progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]


@pytest.mark.parametrize("code, message", [(errno.ENOSPC, "磁盘空间不足"), (errno.EACCES, "没有写入权限")])
def test_disk_full_or_read_only_keeps_the_old_file(store, filled_ledger, tmp_path, monkeypatch, code, message):
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"old export")

    def failing(*args, **kwargs):  # the zip file XlsxWriter writes the workbook into cannot be written
        raise OSError(code, "simulated")

    monkeypatch.setattr("xlsxwriter.workbook.ZipFile", failing)
    with pytest.raises(UserError, match=message):
        export_xlsx.export_progress_workbook(store, filled_ledger, out)
    assert out.read_bytes() == b"old export"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_long_text_is_cut_to_the_excel_limit():
    text = "法" * 40000
    assert len(xlsx_sheets.safe_text(text)) == 32767


def test_default_file_name_is_safe(store, mini_ledger):
    ledger = ledgers.get_ledger(store, mini_ledger)
    assert export_xlsx.default_file_name(ledger) == "测试镇人民政府2025年度法治政府建设进度表.xlsx"


def test_rows_of_wrapped_text_are_tall_enough_to_print(store, filled_ledger, tmp_path):
    from desktop.services.xlsx_sheets import LINE_HEIGHT, lines_needed

    assert lines_needed("综合行政执法队", 14) == 2 and lines_needed("司法所", 14) == 1
    assert lines_needed("第一行\n第二行", 40) == 2
    item_id = ledgers.load_view(store, filled_ledger).items[1].id
    ledgers.update_item(store, item_id, {"remark": "备注" * 40})  # 160 width units in a 14-wide column
    out = export_xlsx.export_progress_workbook(store, filled_ledger, tmp_path / "x.xlsx", today=TODAY)
    sheet = openpyxl.load_workbook(out)["任务清单"]
    row = next(r for r in range(2, sheet.max_row + 1) if (sheet.cell(r, 14).value or "").startswith("备注"))
    assert sheet.row_dimensions[row].height == lines_needed("备注" * 40, 14) * LINE_HEIGHT
    assert sheet.cell(row, 14).alignment.wrap_text and sheet.cell(row, 1).alignment.vertical == "top"


# --- the demo ledger: the officer's figures and the registers as evidence ---------------------------------

@pytest.fixture(scope="module")
def demo_export(tmp_path_factory):
    """The demo ledger with 832 typed into 8.8, exported once and read back cell by cell."""
    from desktop.services import demo
    from desktop.store.store import Store

    folder = tmp_path_factory.mktemp("demo")
    with Store(folder / "data") as store:
        ledger_id = demo.create_demo_ledger(store, "示范镇人民政府", 2025, today=TODAY).result
        codes = {i.code: i.id for i in ledgers.load_view(store, ledger_id).items}
        ledgers.update_item(store, codes["8.8"], {}, {"information_published": 832})
        reviews = store.db.execute("SELECT count(*) FROM legality_review WHERE ledger_id = ?",
                                   [ledger_id]).fetchone()[0]
        out = export_xlsx.export_progress_workbook(store, ledger_id, folder / "demo.xlsx", today=TODAY)
        statistics = register_export.export_enforcement_statistics(store, ledger_id, folder / "stat.xlsx",
                                                                   today=TODAY)
    return openpyxl.load_workbook(out), reviews, openpyxl.load_workbook(statistics)


def test_indicator_sheet_holds_typed_and_counted_values(demo_export):
    book, reviews, _ = demo_export
    rows = [[c.value for c in r] for r in book["指标完成情况"].iter_rows()]
    assert rows[0][:8] == ["条目编码", "条目名称", "指标", "单位", "年度目标", "完成值", "数据来源", "是否达标"]
    by_code = {(r[0], r[2]): r for r in rows[1:]}
    assert by_code[("8.8", "主动公开政府信息")][3:8] == ["条", None, 832, "手工填写", "无年度目标"]
    assert by_code[("8.8", "主动公开政府信息")][9] == "information_published"  # the hidden indicator key
    assert by_code[("3.7", "合法性审查件数")][5:7] == [reviews, "专项台账统计"] and reviews > 0
    lectures = by_code[("10.9", "法治专题讲座")]
    assert lectures[4] == 2 and lectures[6] == "专项台账统计" and lectures[7] in ("达标", "未达标（差 1 场）")
    assert len(rows) - 1 == 37  # every indicator of the built-in checklist (issue 11: + 法律咨询 and §4 figures)
    tasks = {r[0]: r for r in book["任务清单"].iter_rows(values_only=True)}
    assert tasks["8.8"][12] == "主动公开政府信息：832 条"
    assert tasks["3.7"][12] == f"合法性审查件数：{reviews} 件（台账统计）"


def test_register_entries_count_as_evidence_in_the_workbook(demo_export):
    book, _, statistics = demo_export
    tasks = {r[0]: r for r in book["任务清单"].iter_rows(values_only=True)}
    assert tasks["3.7.8"][10] == 6 and tasks["3.7.8"][11] is not None  # six reviews, the newest one's date
    catalog = [r for r in book["佐证材料目录"].iter_rows(min_row=2, values_only=True) if r[0] == "3.7.8"]
    assert len(catalog) == 6 and {r[5] for r in catalog} == {"合法性审查登记"}
    assert all(r[3] == "专项台账登记" and r[4].startswith("见“合法性审查台账”序号 ") for r in catalog)
    sources = {r[5] for r in book["佐证材料目录"].iter_rows(min_row=2, values_only=True)}
    assert {"佐证材料", "合法性审查登记", "行政执法案件", "学法培训"} <= sources
    assert "佐证材料（附于合法性审查登记）" in sources  # the opinion file added to a review
    summary = list(book["汇总"].iter_rows(values_only=True))
    total = summary[-1]
    assert total[0] == "合计" and total[2] == 112 and total[3] == 4
    assert total[6] == sum(r[10] for r in list(tasks.values())[1:] if r[10])


# --- print: what LibreOffice and WPS make of the stored heights and widths ------------------------------

def _width(text: str) -> int:
    """Width units of one line, estimated independently of the exporter: CJK and full-width are two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    return sum(max(1, -(-_width(part) // int(width - 0.7))) for part in text.split("\n"))


def header_row(sheet) -> int:
    """The sheet's header row: the one printed atop every page (below a title line, if the sheet has one)."""
    return int(sheet.print_title_rows.split(":")[0].strip("$"))


def _sheets(demo_export):
    book, _, statistics = demo_export
    return [*book.worksheets, *statistics.worksheets]


def test_header_rows_are_tall_enough_for_their_wrapped_titles(demo_export):
    seen = set()
    for sheet in _sheets(demo_export):
        header = header_row(sheet)
        needed = max(_lines(c.value, sheet.column_dimensions[c.column_letter].width) for c in sheet[header])
        height = sheet.row_dimensions[header].height
        if needed > 1:
            seen.add(sheet.title)
            assert height is not None and height >= needed * 14.5, (sheet.title, needed, height)
        assert all(c.alignment.wrap_text for c in sheet[header])
    assert {"合法性审查台账", "法律顾问服务台账", "学法培训台账", "执法统计"} <= seen


def test_no_text_is_clipped_and_no_row_is_taller_than_excel_allows(demo_export):
    checked = 0
    for sheet in _sheets(demo_export):
        first_body = header_row(sheet) + 1
        for row in sheet.iter_rows(min_row=first_body):
            for cell in row:
                if isinstance(cell.value, str) and not cell.alignment.wrap_text:
                    width = sheet.column_dimensions[cell.column_letter].width
                    assert _width(cell.value) <= width - 0.7, (sheet.title, cell.coordinate, cell.value, width)
                    checked += 1
        for number, dimension in sheet.row_dimensions.items():
            assert dimension.height is None or dimension.height <= 409, (sheet.title, number)
    assert checked > 500
    speakers = [r[4] for r in demo_export[0]["学法培训台账"].iter_rows(min_row=2, values_only=True)]
    assert "县综合行政执法局" in speakers  # the 授课人 that was cut off in print


def test_a_very_long_remark_stops_at_excels_row_limit(store, filled_ledger, item_ids, tmp_path):
    ledgers.update_item(store, item_ids["1.2"], {"remark": "很长的备注" * 3000})
    out = export_xlsx.export_progress_workbook(store, filled_ledger, tmp_path / "a.xlsx", today=TODAY)
    sheet = openpyxl.load_workbook(out)["任务清单"]
    row = next(c.row for c in sheet["A"] if c.value == "1.2")
    assert sheet.row_dimensions[row].height == xlsx_sheets.MAX_ROW_HEIGHT <= 409


def test_autofilter_stops_before_the_total_row(demo_export):
    book, _, statistics = demo_export
    summary = book["汇总"]
    total_row = next(c.row for c in summary["A"] if c.value == "合计")
    assert summary.auto_filter.ref == f"A2:G{total_row - 1}"
    statistics = statistics["执法统计"]
    total_row = next(c.row for c in statistics["A"] if c.value == "合计")
    assert statistics.auto_filter.ref == f"A2:M{total_row - 1}"
    tasks = book["任务清单"]
    assert tasks.auto_filter.ref == f"A1:O{tasks.max_row}"  # no total: every row, the key column too


# --- the column schema's workbook: keys, lists, print setup (issue 10) ---------------------------------------

UID_TABLES = ("unit", "ledger", "ledger_item", "evidence", "attachment", "legality_review", "enforcement_case",
              "adviser", "adviser_service", "training", "enforcement_officer")


def give_uids(store):
    """Rows made by writers that do not assign uids yet get one (a no-op once every writer does)."""
    for table in UID_TABLES:
        store.db.execute(f"UPDATE {table} SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL")
    store.db.conn.commit()


def _uid(store, table, row_id):
    return store.db.execute(f"SELECT uid FROM {table} WHERE id = ?", [row_id]).fetchone()[0]


@pytest.fixture
def keyed_export(store, filled_ledger, item_ids, tmp_path):
    from tests.conftest import add_entry

    add_entry(store, filled_ledger, "legality_review", category="重大行政决策", title="村庄规划",
              received_on=date(2025, 11, 3))
    give_uids(store)
    out = export_xlsx.export_progress_workbook(store, filled_ledger, tmp_path / "k.xlsx", today=TODAY)
    return openpyxl.load_workbook(out), out


def test_the_hidden_key_column_holds_each_rows_uid(store, filled_ledger, item_ids, keyed_export):
    book, _ = keyed_export
    tasks = book["任务清单"]
    header = [c.value for c in tasks[1]]
    key_col = header.index(xlsx_sheets.KEY_TITLE) + 1
    assert key_col == len(header) and tasks.column_dimensions[tasks.cell(1, key_col).column_letter].hidden
    keys = {tasks.cell(r, 1).value: tasks.cell(r, key_col).value for r in range(2, tasks.max_row + 1)}
    assert keys["1.1"] == _uid(store, "ledger_item", item_ids["1.1"]) and len(keys["1.1"]) == 32
    assert len(set(keys.values())) == len(keys) == 6
    catalog = [r for r in book["佐证材料目录"].iter_rows(min_row=2, values_only=True)]
    evidence_id = store.db.execute("SELECT id FROM evidence WHERE title = '中心组学法会议纪要'").fetchone()[0]
    assert catalog[0][2] == "中心组学法会议纪要" and catalog[0][-1] == _uid(store, "evidence", evidence_id)
    review = list(book["合法性审查台账"].iter_rows(min_row=2, values_only=True))[0]
    review_id = store.db.execute("SELECT id FROM legality_review").fetchone()[0]
    assert review[-1] == _uid(store, "legality_review", review_id)


def test_the_workbook_names_its_ledger(store, filled_ledger, keyed_export):
    book, _ = keyed_export
    props = {p.name: p.value for p in book.custom_doc_props.props}
    ledger_uid = store.db.execute("SELECT uid FROM ledger WHERE id = ?", [filled_ledger]).fetchone()[0]
    assert props["fazhi.ledger_uid"] == ledger_uid and props["fazhi.year"] == 2025
    assert props["fazhi.unit"] == "测试镇人民政府" and props["fazhi.schema"] == export_xlsx.SCHEMA_VERSION


def _lists(sheet) -> dict[str, str]:
    """Range → the drop-down list's items, of every list validation of a sheet."""
    return {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}


def test_choice_columns_carry_drop_down_lists_on_their_body_cells(keyed_export):
    book, _ = keyed_export
    tasks = book["任务清单"]
    header = [c.value for c in tasks[1]]
    last = tasks.max_row
    progress, result = (openpyxl.utils.get_column_letter(header.index(t) + 1) for t in ("进度", "落实结果"))
    assert _lists(tasks) == {f"{progress}2:{progress}{last}": '"未开始,推进中,待审核,已完成"',
                             f"{result}2:{result}{last}": '"未评估,已落实,部分落实,未落实,不适用"'}
    reviews = book["合法性审查台账"]
    lists = _lists(reviews)
    assert lists["B2"] == '"行政规范性文件,重大行政决策,重大执法决定,行政协议/合同,其他涉法事项"'
    adviser = openpyxl.utils.get_column_letter([c.value for c in reviews[1]].index("听取法律顾问意见") + 1)
    assert lists[f"{adviser}2"] == '"是,否"'
    assert _lists(book["汇总"]) == {}


def test_print_setup_of_every_sheet(keyed_export):
    book, _ = keyed_export
    for sheet in book.worksheets:
        header = 2 if sheet.title in ("汇总", "封面") else 1
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        wide = sheet.title in ("合法性审查台账", "行政执法案件台账")  # more pages across, to print legibly
        assert (sheet.page_setup.fitToWidth or 1) >= 2 if wide else sheet.page_setup.fitToWidth in (1, None)
        assert sheet.page_setup.fitToHeight in ((1, None) if sheet.title == "封面" else (0,))  # the cover: one page
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == f"${header}:${header}"
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        if sheet.max_row <= header:
            continue  # an empty register: its header only
        body = sheet.cell(header + 1, 1)
        assert body.border.left.style == "thin" and body.border.bottom.style == "thin"


def test_no_cell_of_any_sheet_is_a_formula(keyed_export):
    book, _ = keyed_export
    types = {c.data_type for s in book.worksheets for row in s.iter_rows() for c in row}
    assert "f" not in types and {"s", "n"} <= types


def test_the_task_list_prints_at_a_legible_scale(keyed_export):
    """One page wide: the visible columns' widths decide the scale (229 units printed at 55 %)."""
    book, _ = keyed_export
    tasks = book["任务清单"]
    widths = [tasks.column_dimensions[openpyxl.utils.get_column_letter(c)].width
              for c in range(1, tasks.max_column + 1)
              if not tasks.column_dimensions[openpyxl.utils.get_column_letter(c)].hidden]
    assert len(widths) == 14 and sum(widths) <= 176  # widths as stored include the cell padding


def test_statistics_file_name_is_safe_for_windows(store):
    from desktop.domain.models import Ledger

    ledger = Ledger(1, 1, "镇/村:组*？?.", 2025, 1, "清单")
    name = register_export.statistics_file_name(ledger)
    assert not set(name) & set('<>:"/\\|?*') and name.endswith("年度行政执法统计年报.xlsx")
    assert export_xlsx.default_file_name(Ledger(1, 1, "镇.", 2025, 1, "清单")).startswith("镇.2025")
    assert register_export.statistics_file_name(Ledger(1, 1, "a" * 300, 2025, 1, "x")).endswith(".xlsx")


def test_the_task_list_reads_back_through_the_column_schema(store, filled_ledger, keyed_export):
    """What an import will do: match rows by the hidden key, read each editable cell by its column's kind."""
    from desktop.domain import columns

    book, _ = keyed_export
    rows = list(book["任务清单"].iter_rows(values_only=True))
    by_label = {c.label: c for c in columns.editable("ledger_item")}
    header = rows[0]
    assert set(by_label) <= set(header)
    from desktop.domain import progress

    items = {i.id: i for i in ledgers.load_view(store, filled_ledger).items}
    ids = dict(store.db.execute("SELECT uid, id FROM ledger_item WHERE ledger_id = ?", [filled_ledger]))
    for row in rows[1:]:
        item = items[ids[row[-1]]]
        read = {by_label[h].key: by_label[h].from_cell(v) for h, v in zip(header, row, strict=True) if h in by_label}
        assert read == {"department": item.department, "owner": item.owner, "due_date": item.due_date,
                        "progress": item.progress, "result": progress.effective_result(item),
                        "na_reason": progress.na_reason(item), "remark": item.remark}


def test_leftovers_of_a_killed_export_go_with_the_next_one_others_stay(store, filled_ledger, tmp_path):
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    folder = tmp_path / "导出"
    folder.mkdir()
    (folder / f".a.xlsx.{dead}.partial").write_bytes(b"half a workbook")
    scratch = folder / f".a.xlsx.{dead}.x1y2z3.scratch"
    scratch.mkdir()
    (scratch / "tmpabc123").write_bytes(b"<row/>")
    others = [f".b.xlsx.{dead}.partial", f".a.xlsx.{os.getppid()}.partial", ".a.xlsx.partial", "a.xlsx.1.partial"]
    for name in others:  # another file's, a running program's, not ours at all
        (folder / name).write_bytes(b"keep")
    export_xlsx.export_progress_workbook(store, filled_ledger, folder / "a.xlsx")
    assert sorted(p.name for p in folder.iterdir()) == sorted(["a.xlsx", *others])


def test_every_default_file_name_keeps_a_unit_name_with_a_slash_whole(store, mini_template_id):
    from desktop.services import binder, report_docx

    ledger = ledgers.get_ledger(store, ledgers.create_ledger(store, "甲/乙镇人民政府", 2025, mini_template_id).result)
    names = [export_xlsx.default_file_name(ledger), report_docx.default_file_name(ledger),
             register_export.statistics_file_name(ledger), binder.default_file_name(ledger)]
    assert all(n.startswith("甲／乙镇人民政府2025年度") for n in names), names
