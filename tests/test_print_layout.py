"""Every sheet prints legibly, as a reader holds the paper: a sheet too wide for one A4 landscape page at
three quarters of its size (行政执法案件台账, 合法性审查台账) goes over more pages across, its identifying
first columns on every page; narrow sheets stay one page wide; the binder's index wraps its long text and
prints whole on one page. Read back with openpyxl, and printed by LibreOffice where it is installed."""

import re
import shutil
import subprocess
import zipfile
from datetime import date
from urllib.parse import unquote

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from desktop.services import binder, demo, export_xlsx, register_export, xlsx_sheets
from desktop.services.xlsx_sheets import Column, pages_wide

TODAY = date(2025, 12, 1)
WIDE = {"行政执法案件台账": "$A:$B", "合法性审查台账": "$A:$C"}  # sheet → the columns on every page
HAS_PRINTER = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
needs_libreoffice = pytest.mark.skipif(not HAS_PRINTER, reason="LibreOffice (soffice) and poppler-utils are needed")


@pytest.fixture
def demo_ledger(store):
    return demo.create_demo_ledger(store, demo.DEMO_UNIT, 2025, today=TODAY).result


@pytest.fixture
def workbook(store, demo_ledger, tmp_path):
    return export_xlsx.export_progress_workbook(store, demo_ledger, tmp_path / "进度表.xlsx", today=TODAY)


@pytest.fixture
def binder_index(store, demo_ledger, tmp_path):
    binder.export_binder(store, demo_ledger, tmp_path / "包.zip", today=TODAY)
    with zipfile.ZipFile(tmp_path / "包.zip") as pack:
        pack.extract("佐证材料目录.xlsx", tmp_path / "x")
    return tmp_path / "x" / "佐证材料目录.xlsx"


def visible_pixels(sheet) -> int:
    """The printed width at 100 % of a sheet's visible columns, from the widths the file holds (a stored
    width is the column's pixels, padding included, over a digit's)."""
    return round(sum(d.width * xlsx_sheets.DIGIT_PIXELS * (d.max - d.min + 1)
                     for d in sheet.column_dimensions.values() if not d.hidden))


def pages_across(sheet) -> int:
    return sheet.page_setup.fitToWidth or 1  # absent: 1


def scale_at_least(sheet) -> float:
    """The smallest print scale the sheet's pages across allow: its width shared out, repeated columns not
    counted (they only add to the pages after the first)."""
    return min(1.0, pages_across(sheet) * xlsx_sheets.PAGE_PIXELS / visible_pixels(sheet))


def test_pages_across_grow_with_the_visible_width_only():
    narrow = [Column("编码", 8), Column("任务", 60)]
    assert pages_wide(narrow) == 1
    assert pages_wide([*narrow, Column("标识", 400, hidden=True)]) == 1
    wide = [Column(f"列{n}", 12) for n in range(24)]  # 15 columns of 12 to a page at three quarters
    assert pages_wide(wide, repeat=0) == pages_wide(wide) == pages_wide(wide, repeat=2) == 2
    wider = [Column(f"列{n}", 12) for n in range(60)]
    assert pages_wide(wider, repeat=0) == 4 and pages_wide(wider, repeat=2) == 5  # repeated columns take room


def test_wide_registers_go_over_more_pages_across_their_first_columns_on_each(workbook):
    book = openpyxl.load_workbook(workbook)
    for sheet in book.worksheets:
        wide = sheet.title in WIDE
        assert (pages_across(sheet) >= 2) == wide, sheet.title
        assert sheet.print_title_cols == WIDE.get(sheet.title), sheet.title
        assert sheet.page_setup.fitToHeight in (0, 1, None) and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert scale_at_least(sheet) >= xlsx_sheets.MIN_SCALE - 0.02, sheet.title  # 10-point text at 7.5 or so
    cases = book["行政执法案件台账"]
    assert [c.value for c in cases[1][:2]] == ["序号", "案件编号"]
    assert cases.page_setup.pageOrder == "overThenDown"  # a row's two halves follow each other


def test_the_case_sheet_of_the_enforcement_statistics_prints_as_in_the_workbook(store, demo_ledger, tmp_path):
    out = register_export.export_enforcement_statistics(store, demo_ledger, tmp_path / "年报.xlsx", today=TODAY)
    book = openpyxl.load_workbook(out)
    assert pages_across(book["执法统计"]) == 1 and book["执法统计"].print_title_cols is None
    cases = book["行政执法案件台账"]
    assert pages_across(cases) >= 2 and cases.print_title_cols == "$A:$B"


def test_the_binder_index_wraps_its_long_text_and_prints_on_one_page(binder_index):
    sheet = openpyxl.load_workbook(binder_index).active
    header = {c.value: c.column for c in sheet[2]}
    assert pages_across(sheet) == 1 and scale_at_least(sheet) >= xlsx_sheets.MIN_SCALE
    body = range(3, sheet.max_row + 1)
    assert len(body) >= 10
    for title in ("在材料包中的位置", "条目名称", "标题", "原文件名", "SHA-256"):
        cells = [sheet.cell(row, header[title]) for row in body]
        assert all(c.alignment.wrap_text for c in cells), title
    places = [sheet.cell(row, header["在材料包中的位置"]).value for row in body]
    links = [sheet.cell(row, header["打开"]).hyperlink.target for row in body]
    assert all("/" in p for p in places)
    assert [unquote(t).replace("\\", "/") for t in links] == places  # 打开 opens the file at that place
    width = sheet.column_dimensions[get_column_letter(header["在材料包中的位置"])].width
    tallest = max(xlsx_sheets.lines_needed(p, width) for p in places)
    assert tallest >= 2  # a long path takes lines, not the width of the page


def printed(path, tmp_path) -> list[str]:
    """The pages LibreOffice prints of a workbook, as text laid out."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), str(path)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "pdf" / path.with_suffix(".pdf").name
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout.split("\f")[:-1]


def page_header(page: str) -> str:
    return next((line for line in page.splitlines() if line.strip()), "")


def word_heights(pdf_page_text_boxes: str, word: str) -> list[float]:
    return [float(bottom) - float(top) for top, bottom in
            re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + word + "<", pdf_page_text_boxes)]


@needs_libreoffice
def test_libreoffice_prints_the_case_register_legibly_over_pages_that_each_name_the_case(workbook, tmp_path):
    numbers = [r[1] for r in openpyxl.load_workbook(workbook)["行政执法案件台账"].iter_rows(min_row=2, values_only=True)]
    assert len(numbers) == 6 and all(n.startswith("〔2025〕示范镇") for n in numbers)  # one page down
    pages = printed(workbook, tmp_path)
    sheet_pages = [p for p in pages if "行政执法案件台账" in page_header(p)]
    assert len(sheet_pages) >= 2
    for page in sheet_pages:  # every page says which case each row is: its 案件编号 (wrapped after 示范镇)
        assert "案件编号" in page and page.count("〔2025〕示范镇") == len(numbers)
    assert "办案提示" not in sheet_pages[0] and "办案提示" in sheet_pages[-1]
    boxes = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "pdf" / "进度表.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout.split("</page>")
    first = pages.index(sheet_pages[0])
    heights = word_heights(boxes[first], "案件编号")
    assert heights and min(heights) >= 7.5  # 10-point text printed at no less than three quarters (5 pt before)


@needs_libreoffice
def test_libreoffice_prints_the_binder_index_whole_on_one_page(binder_index, tmp_path):
    pages = printed(binder_index, tmp_path)
    assert len(pages) == 1
    page = pages[0]
    assert "在材料包中的位置" in page and "SHA-256" in page and "状态" in page and page.count("已收入") >= 10
    assert page.count("打开") >= 11  # the header and one link per file
