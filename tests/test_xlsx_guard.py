"""Hostile and odd Excel files, made here in tmp: each is refused with a Chinese message before openpyxl parses
it, or (odd but honest files) read as the user meant."""

import random
import re
import zipfile
from datetime import date

import openpyxl
import pytest

from desktop.domain.errors import UserError
from desktop.services import officer_import, xlsx_guard


def _book(path, rows, title="Sheet1"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _rewrite(source, target, replace: dict):
    """A copy of an xlsx with some members' bytes replaced (or added)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.pop(info.filename, old.read(info.filename)))
        for name, data in replace.items():
            new.writestr(name, data)
    return target


@pytest.fixture
def good(tmp_path):
    return _book(tmp_path / "good.xlsx", [["姓名", "执法证号"], ["张三", "A001"]])


def _refused(path, *words, named=True):
    with pytest.raises(UserError) as info:
        officer_import.read_rows(path)
    message = str(info.value)
    assert path.name in message or not named
    for word in words:
        assert word in message
    return message


def test_good_file_passes(good):
    assert xlsx_guard.check(good) == good
    assert officer_import.read_rows(good) == [(2, {"name": "张三", "certificate_no": "A001"})]


def test_truncated_zip(tmp_path, good):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _refused(cut, "损坏或不完整")


def test_not_a_zip_and_renamed_xls(tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("姓名,执法证号\n张三,A001\n", encoding="utf-8")
    _refused(text, "不是 Excel 工作簿")
    xls = tmp_path / "old.xlsx"
    xls.write_bytes(xlsx_guard.OLE_MAGIC + b"\xa1\xb1\x1a\xe1" + bytes(4000))
    _refused(xls, ".xls", "另存为 .xlsx")


def test_zip_without_workbook(tmp_path):
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "hello")
    _refused(other, "workbook.xml")


def test_zip_bomb_refused_from_directory(tmp_path, good, monkeypatch):
    bomb = _rewrite(good, tmp_path / "bomb.xlsx", {"xl/media/pad.bin": bytes(20 * 1024 * 1024)})
    assert bomb.stat().st_size < 200 * 1024  # 20 MB of zeros compresses ~1000×
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    _refused(bomb, "压缩比异常")
    assert not opened  # refused before openpyxl saw it


def test_too_many_members_and_total(tmp_path, good, monkeypatch):
    many = _rewrite(good, tmp_path / "many.xlsx", {f"xl/x{i}.bin": b"x" for i in range(30)})
    monkeypatch.setattr(xlsx_guard, "MAX_MEMBERS", 20)
    _refused(many, "部件", "上限")
    monkeypatch.setattr(xlsx_guard, "MAX_MEMBERS", 2000)
    monkeypatch.setattr(xlsx_guard, "MAX_UNCOMPRESSED", 1000)
    _refused(good, "解压后大小")


def test_file_size_limit(good, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "MAX_FILE_BYTES", 100)
    _refused(good, "文件大小")


LAUGHS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def test_entity_bomb_refused_by_guard_and_by_defusedxml(tmp_path, good):
    bomb = _rewrite(good, tmp_path / "laughs.xlsx", {"xl/worksheets/sheet1.xml": LAUGHS})
    _refused(bomb, "DOCTYPE")
    assert openpyxl.DEFUSEDXML  # and openpyxl itself refuses entities, should a DOCTYPE slip past
    with pytest.raises(Exception) as info:
        book = openpyxl.load_workbook(bomb, read_only=True)
        list(book.worksheets[0].iter_rows(values_only=True))
    cause = info.value.__cause__ or info.value
    assert type(cause).__module__.startswith("defusedxml"), repr(cause)


def test_missing_header_names(tmp_path):
    _refused(_book(tmp_path / "wrong.xlsx", [["名字", "证号"], ["张三", "A001"]]), "姓名", named=False)


def test_formulas_are_read_as_values_never_run(tmp_path):
    path = _book(tmp_path / "f.xlsx", [["姓名", "执法证号"], ["=HYPERLINK(\"http://x\",\"a\")", "A002"]])
    rows = officer_import.read_rows(path)
    assert rows == [(2, {"name": None, "certificate_no": "A002"})]  # the cached value (none here), not "=…"


def test_dates_as_text_merged_cells_hidden_sheet(tmp_path):
    path = tmp_path / "odd.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "执法证号", "所在科室", "证件有效期"])
    sheet.append(["张三", "A001", "综合执法办", "2027年3月1日"])
    sheet.append(["李四", "A002", "", "2027-04-01"])
    sheet.merge_cells("C2:C3")
    hidden = book.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    book.save(path)
    rows = officer_import.read_rows(path)
    assert [r[0] for r in rows] == [2, 3]
    assert rows[1][1]["department"] == "综合执法办"  # a cell merged down a column stands in every row it covers
    column = officer_import.schema.column(officer_import.rules.OFFICER, "certificate_expires")
    assert column.from_cell(rows[0][1]["certificate_expires"]) == date(2027, 3, 1)


def test_ten_thousand_rows_refused_with_limit(tmp_path):
    path = _book(tmp_path / "big.xlsx", [["姓名"], *([f"人员{i}"] for i in range(10_000))])
    _refused_rows = pytest.raises(UserError, match="超过 5000 行")
    with _refused_rows:
        officer_import.read_rows(path)


WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?>\n%s<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
DECLARATION = b'<!DOCTYPE lolz [<!ENTITY lol "lol">]>'


@pytest.mark.parametrize("prologue", [
    b"<!--" + b"x" * 5000 + b"-->" + DECLARATION,  # a comment pushes the declaration past any prologue
    b" " * 5000 + DECLARATION,
    b"<!-- " + b"a" * 100 + b" -->",  # Excel, WPS and LibreOffice never write a comment here
], ids=["after a comment", "after spaces", "a comment"])
def test_a_declaration_or_comment_anywhere_in_a_part_is_refused_before_openpyxl(tmp_path, good, prologue,
                                                                                monkeypatch):
    bad = _rewrite(good, tmp_path / "wb.xlsx", {"xl/workbook.xml": WORKBOOK % prologue})
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    _refused(bad, "DOCTYPE、实体声明或注释", "xl/workbook.xml")
    assert not opened


def test_a_long_comment_is_refused_at_its_first_chunk_without_being_read_through(tmp_path, good):
    """28 MB of comment kept expat busy for 30 s; the guard stops at the chunk that opens it."""
    noise = random.Random(1).randbytes(2 * 1024 * 1024).hex().encode()  # 4 MB that compresses like text
    pad = b"<!--" + noise + b"-->"
    with zipfile.ZipFile(good) as old:
        sheet = old.read("xl/worksheets/sheet1.xml")
    bomb = _rewrite(good, tmp_path / "comment.xlsx", {"xl/worksheets/sheet1.xml": sheet.replace(b"<sheetData>",
                                                                                              pad + b"<sheetData>")})
    with pytest.raises(UserError, match="注释"), _no_more_than_chunks_read(3):
        xlsx_guard.check(bomb)


class _no_more_than_chunks_read:
    def __init__(self, chunks):
        self.limit, self.read = chunks * xlsx_guard.CHUNK, 0
        self.original = zipfile.ZipExtFile.read

    def __enter__(self):
        guard = self

        def counted(stream, n=-1):
            data = guard.original(stream, n)
            guard.read += len(data)
            assert guard.read <= guard.limit, "the part was read through"
            return data
        zipfile.ZipExtFile.read = counted

    def __exit__(self, *exc):
        zipfile.ZipExtFile.read = self.original


@pytest.mark.parametrize("offset", range(0, 12))
def test_a_declaration_split_between_two_chunks_is_still_found(tmp_path, good, monkeypatch, offset):
    monkeypatch.setattr(xlsx_guard, "CHUNK", 64)
    bad = _rewrite(good, tmp_path / "split.xlsx", {"xl/workbook.xml": WORKBOOK % (b" " * (50 + offset) + DECLARATION)})
    _refused(bad, "DOCTYPE")


def test_small_chunks_read_a_good_file_the_same(good, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "CHUNK", 7)
    assert officer_import.read_rows(good) == [(2, {"name": "张三", "certificate_no": "A001"})]


def test_utf16_parts_are_refused(tmp_path, good):
    bad = _rewrite(good, tmp_path / "u16.xlsx", {"xl/worksheets/sheet1.xml": LAUGHS.decode().replace(
        'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")})
    _refused(bad, "UTF-8")


ENGLISH = ("Unable", "invalid", "Error", "Exception", "Forbidden", "Traceback", "line ", "column ")


@pytest.mark.parametrize("part, data", [
    ("xl/workbook.xml", b"<workbook><sheets><sheet name="),
    ("xl/worksheets/sheet1.xml", b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                 b'<sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>'),
], ids=["workbook", "sheet"])
def test_a_malformed_part_is_refused_in_chinese_only(tmp_path, good, part, data):
    message = _refused(_rewrite(good, tmp_path / "bad.xlsx", {part: data}), "无法读取", "另存为 .xlsx")
    assert not [word for word in ENGLISH if word in message], message


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_defusedxml_refusing_an_entity_anywhere_is_the_guards_chinese_refusal(tmp_path, good, part, monkeypatch):
    """Should a declaration ever slip past the guard, defusedxml's refusal is still the officer's message."""
    data = WORKBOOK % DECLARATION if part == "xl/workbook.xml" else LAUGHS
    bad = _rewrite(good, tmp_path / "slipped.xlsx", {part: data})
    monkeypatch.setattr(xlsx_guard, "FORBIDDEN", re.compile(b"(?!)"))  # the guard misses it
    message = _refused(bad, "DOCTYPE")
    assert not [word for word in ENGLISH if word in message], message


def test_a_date_serial_before_1900_is_a_bad_cell(tmp_path):
    path = _book(tmp_path / "dates.xlsx", [["姓名", "证件有效期"], ["张三", -5], ["李四", 0], ["王五", 46000]])
    column = officer_import.schema.column(officer_import.rules.OFFICER, "certificate_expires")
    rows = officer_import.read_rows(path)
    for _number, values in rows[:2]:
        with pytest.raises(officer_import.schema.CellError, match="证件有效期：.*不是日期"):
            column.from_cell(values["certificate_expires"])
    assert column.from_cell(rows[2][1]["certificate_expires"]) == date(2025, 12, 9)
