"""Hostile and odd Excel files, made here in tmp: each is refused with a Chinese message before openpyxl parses
it, or (odd but honest files) read as the user meant."""

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
