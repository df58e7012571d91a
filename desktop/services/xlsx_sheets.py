"""Shared writing of print-ready, text-safe xlsx sheets (openpyxl write-only, streamed row by row).

Every export uses this one module, so the rules hold everywhere: user text is always a text cell, never
a formula; control characters are removed; A4 landscape, one page wide, header row repeated, page footer,
frozen header; stock Windows fonts (黑体 header, 宋体 body); written to a temporary file and renamed.
"""

import math
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import fromstring

from desktop.domain.errors import Cancelled
from desktop.domain.text import EXCEL_CELL_LIMIT, clean_text, looks_like_formula
from desktop.services.atomic import atomic_write

BODY_FONT = Font(name="宋体", size=10)
HEADER_FONT = Font(name="黑体", size=10, bold=True)
TITLE_FONT = Font(name="黑体", size=14)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")  # every body cell: a row of wrapped text reads from its top line
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
FOOTER = "第 &P 页 共 &N 页"
# each printed page names its unit, year and sheet (&A): a loose page still says where it belongs
_PAGE_HEADERS: "weakref.WeakKeyDictionary[Workbook, str]" = weakref.WeakKeyDictionary()
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
EXCEL_EPOCH = date(1899, 12, 30)
PROGRESS_EVERY = 500
LINE_HEIGHT = 14.5  # points per line of 10-point 宋体, with room for fonts of taller line spacing
MAX_ROW_HEIGHT = 409.0  # Excel's limit; a taller row is refused or reset by spreadsheet programs
TITLE_HEIGHT = 22.0  # one line of the 14-point title
HEADER_PADDING = 4.0  # points around the header's centred lines


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    wrap: bool = False


class Steps:
    """Reports progress and honours cancel every PROGRESS_EVERY rows; raises Cancelled."""

    def __init__(self, total: int, progress=None, cancel=None):
        self.total, self.done = max(total, 1), 0
        self._progress, self._cancel = progress, cancel

    def check(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()

    def step(self, count: int = 1) -> None:
        before = self.done
        self.done += count
        if self.done // PROGRESS_EVERY != before // PROGRESS_EVERY or self.done >= self.total:
            self.check()
            if self._progress:
                self._progress(min(self.done, self.total), self.total)


@contextmanager
def new_workbook(page_header: str = ""):
    """A write-only workbook; on any error its half-written sheet files are closed and removed.
    page_header (e.g. the ledger's label) heads every printed page, followed by the sheet's name."""
    book = Workbook(write_only=True)
    _PAGE_HEADERS[book] = page_header
    # The default font (style 0) is what every plain cell uses: 宋体 instead of Calibri, at no per-cell cost.
    book._fonts = IndexedList([BODY_FONT])
    book._named_styles["Normal"].font = BODY_FONT
    try:
        yield book
    except BaseException:
        _discard(book)
        raise


def _discard(book: Workbook) -> None:
    for sheet in book.worksheets:
        try:
            if not sheet.closed:
                sheet.close()
            if sheet._writer is not None:
                sheet._writer.cleanup()
        except Exception:  # best effort: the temporary sheet files are all that is at stake
            pass


def safe_text(value: str) -> str:
    """Text as it may go into a cell: no control characters, at most Excel's 32,767 characters."""
    text = clean_text(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - 1] + "…"
    return text


class Styled(NamedTuple):
    """A body value with its style: what a styled cell needs, without an openpyxl cell object per value."""
    value: object
    style: tuple  # (attribute, style object) pairs
    style_id: int


class SheetWriter:
    """One streamed sheet: optional title line, a styled header row, then body rows."""

    def __init__(self, book: Workbook, name: str, columns: list[Column], *, title: str | None = None):
        self.sheet = book.create_sheet(name)
        self.columns = columns
        self.rows = 0
        self.totals = 0  # 合计 rows at the end: outside the autofilter, so sorting never moves them
        self._style_ids: dict[tuple, int] = {}
        for index, column in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.header_row = 2 if title else 1
        self._setup_print(self.header_row, _PAGE_HEADERS.get(book, ""))  # before the first row: write-only emits the sheet head then
        self._letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        self._install_row_writer()
        self._plain_style = self._styled_cell("", alignment=TOP).style_id
        # the styles of most styled cells, resolved once: a 50,000-row catalogue asks for them 200,000 times
        self._wrap = self._styled_cell("", alignment=WRAP)
        self._date = self._styled_cell(0, number_format=DATE_FORMAT, alignment=TOP)
        if title:
            cell = WriteOnlyCell(self.sheet, safe_text(title))
            cell.font = TITLE_FONT
            self.sheet.append([cell])
        self.sheet.append([self._header_cell(c.title) for c in columns])

    def _setup_print(self, header_row: int, page_header: str) -> None:
        sheet = self.sheet
        if page_header:
            sheet.oddHeader.center.text = f"{page_header.replace('&', '&&')}　&A"
            sheet.oddHeader.center.font = "宋体"
            sheet.oddHeader.center.size = 9
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = 9  # A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.oddFooter.center.text = FOOTER
        sheet.oddFooter.center.font = "宋体"
        sheet.oddFooter.center.size = 9
        sheet.freeze_panes = f"A{header_row + 1}"

    def _install_row_writer(self) -> None:
        """Rows go out through our own serializer. openpyxl builds a cell object and an XML element per
        cell, which made a 50,000-row catalogue twice as slow as xlsxwriter; here each row is one string,
        parsed once. The XML is the same: inline strings, style ids, numbers."""
        sheet = self.sheet
        sheet._get_writer()  # writes the sheet head: widths, panes and print setup are all set by now
        sheet._values_to_row = lambda values, row_idx: values
        sheet._writer.write_row = self._write_row

    def _write_row(self, xf, values, row_idx: int) -> None:
        cells = "".join(_cell_xml(f"{letter}{row_idx}", value, self._plain_style)
                        for letter, value in zip(self._letters, values, strict=False) if value not in (None, ""))
        xf.write(fromstring(f'<row r="{row_idx}"{_height_xml(self._row_height(values, row_idx))}>{cells}</row>'))

    def _row_height(self, values, row_idx: int) -> float | None:
        """Row height stored in the file: LibreOffice and WPS print a row at the default 15 points otherwise,
        cutting wrapped text off or printing it over the rows around it. None: one line is enough."""
        if row_idx < self.header_row:
            return TITLE_HEIGHT
        if row_idx == self.header_row:  # every header cell wraps (CENTER)
            lines = max(lines_needed(c.title, c.width) for c in self.columns)
            return lines * LINE_HEIGHT + HEADER_PADDING if lines > 1 else None
        lines = 1
        for value, column in zip(values, self.columns, strict=False):
            # a plain text fits its column (_cell wrapped it otherwise): only styled text can need lines
            if isinstance(value, Styled) and isinstance(value.value, str) and needs_wrap(value.value, column.width):
                lines = max(lines, lines_needed(value.value, column.width))
        return lines * LINE_HEIGHT if lines > 1 else None

    def _header_cell(self, text: str) -> Cell:
        cell = WriteOnlyCell(self.sheet, text)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, CENTER
        return cell

    def percent(self, ratio: float) -> "Styled":
        return self._styled_cell(ratio, number_format="0.0%", alignment=TOP)

    def _cell(self, value, column: Column):
        if isinstance(value, (Cell, Styled, int, float)) or value is None:
            return value
        if isinstance(value, datetime):
            serial = (value - datetime(1899, 12, 30)).total_seconds() / 86400
            return self._styled_cell(serial, number_format=DATETIME_FORMAT, alignment=TOP)
        if isinstance(value, date):  # a date serial with a date format: what Excel itself stores
            return self._date._replace(value=(value - EXCEL_EPOCH).days)
        text = safe_text(str(value))
        formula_like = looks_like_formula(text)
        # text wider than its column wraps, never clipped (the length test first: most text is short)
        wrap = column.wrap or (len(text) * 2 > column.width - 0.7 or "\n" in text) and needs_wrap(text, column.width)
        if not (formula_like or text.startswith("#")):
            # the common case: a plain value, or wrapped text, no cell object of our own
            return self._wrap._replace(value=text) if wrap else text
        style = {"alignment": WRAP} if wrap else {}
        if formula_like:
            style["quotePrefix"] = True
        return self._styled_cell(text, **style)

    def _styled_cell(self, value, **style) -> "Styled":
        """A value with a style given by attribute name. Each distinct style is registered with the workbook
        once per sheet: resolving it hashes the style objects, most of openpyxl's time on a large sheet."""
        key = tuple((name, v if isinstance(v, (str, bool)) else id(v)) for name, v in style.items())
        style_id = self._style_ids.get(key)
        if style_id is None:
            cell = WriteOnlyCell(self.sheet)
            for name, v in style.items():
                setattr(cell, name, v)
            style_id = self._style_ids[key] = cell.style_id
        return Styled(value, tuple(style.items()), style_id)

    def add(self, values, *, font: Font | None = None, total: bool = False) -> None:
        """One body row; total=True for a 合计 row (they come last)."""
        cells = [self._cell(v, c) for v, c in zip(values, self.columns, strict=True)]
        if font is not None:
            cells = [self._with_font(c, font) for c in cells]
        self.sheet.append(cells)
        self.rows += 1
        self.totals += total

    def _with_font(self, value, font: Font):
        if isinstance(value, Cell):
            value.font = font
            return value
        if isinstance(value, Styled):
            return self._styled_cell(value.value, **dict(value.style), font=font)
        return self._styled_cell(value, font=font)

    def finish(self) -> None:
        """Autofilter over the header and the body rows before any 合计 row (call once, after the last row)."""
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A{self.header_row}:{last}{self.header_row + max(self.rows - self.totals, 1)}"


def _height_xml(height: float | None) -> str:
    return "" if height is None else f' ht="{min(height, MAX_ROW_HEIGHT):g}" customHeight="1"'


def text_width(text: str) -> int:
    """Width units a line of text takes: a Chinese character is two, as in GBK."""
    return len(text.encode("gbk", "replace"))


def usable_width(width: float) -> float:
    return max(width - 0.7, 1.0)  # a column's width counts its padding too


def needs_wrap(text: str, width: float) -> bool:
    """The text does not fit one line of the column (len * 2 bounds its width: no GBK character is wider)."""
    usable = usable_width(width)
    return "\n" in text or (len(text) * 2 > usable and text_width(text) > usable)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell needs."""
    usable = usable_width(width)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def _cell_xml(ref: str, value, plain_style: int) -> str:
    """One <c> element. Text is always an inline string, so nothing a user typed can become a formula."""
    style = f' s="{plain_style}"'
    if isinstance(value, Styled):
        style = f' s="{value.style_id}"'
        value = value.value
    elif isinstance(value, Cell):
        style = f' s="{value.style_id}"' if value.has_style else ""
        value = value._value
    if value is None or value == "":
        return f'<c r="{ref}"{style}/>'
    if isinstance(value, str):
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{style} t="n"><v>{value!r}</v></c>'
    raise TypeError(f"cannot write {type(value).__name__} to a cell")


def save(book: Workbook, target: Path) -> None:
    """Write the workbook to a temporary file and rename; deflate level 1 (the level costs most of the time)."""
    with atomic_write(target) as temp, ZipFile(temp, "w", ZIP_DEFLATED, allowZip64=True,
                                                compresslevel=1) as archive:
        ExcelWriter(book, archive).save()
