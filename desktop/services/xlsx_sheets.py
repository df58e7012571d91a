"""Shared writing of print-ready, text-safe xlsx sheets with XlsxWriter (constant memory, streamed row by row;
openpyxl only ever reads the files back).

Every export uses this one module, so the rules hold everywhere: user text is always a text cell, never a
formula; control characters are removed; A4 landscape, as many pages wide as keep the text legible (one for
most sheets; a wide register splits at column boundaries, its identifying first columns on every page),
header row repeated, page numbers in the footer, frozen header, thin borders on body cells; choice columns
carry a drop-down list; a hidden key column can carry the uid of each row; stock Windows fonts (黑体 header,
宋体 body); written to a temporary file and renamed, XlsxWriter's own temporary files in a private folder
that goes with the write.
"""

import math
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from desktop.domain import columns as schema
from desktop.domain.errors import Cancelled
from desktop.domain.text import EXCEL_CELL_LIMIT, FORMULA_PREFIXES, clean_text
from desktop.services.atomic import OutputFile, atomic_write, scratch_folder

BODY = {"font_name": "宋体", "font_size": 10}
HEADER = {"font_name": "黑体", "font_size": 10, "bold": True, "bg_color": "#D9E1F2", "border": 1,
          "border_color": "#808080", "align": "center", "valign": "vcenter", "text_wrap": True}
TITLE = {"font_name": "黑体", "font_size": 14}
BORDER = {"border": 1, "border_color": "#808080", "valign": "top"}
FOOTER = "第 &P 页 共 &N 页"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
PROGRESS_EVERY = 500
# heights in whole pixels (0.75 pt each), as the file stores them: 15 pt is 20 px
LINE_HEIGHT = 15.0  # points per line of 10-point 宋体, with room for fonts of taller line spacing
MAX_ROW_HEIGHT = 408.75  # Excel's limit is 409 pt; a taller row is refused or reset by spreadsheet programs
TITLE_HEIGHT = 22.5  # one line of the 14-point title
HEADER_PADDING = 4.5  # points around the header's centred lines
KEY_TITLE = "标识（请勿修改）"  # the hidden key column: the row's uid, so an edited workbook can come back
FORMULA_START = frozenset(FORMULA_PREFIXES)
MAX_LIST = 255  # Excel's limit on a drop-down list written into the validation itself
# print width: A4 landscape (297 mm) less the 0.4-inch side margins, in pixels at 96 per inch as column widths
# count them; a sheet prints at no less than MIN_SCALE of its size (10-point text at 7.5 points at least)
SIDE_MARGIN = 0.4
PAGE_PIXELS = (297 / 25.4 - 2 * SIDE_MARGIN) * 96
MIN_SCALE = 0.75
DIGIT_PIXELS, COLUMN_PADDING = 7, 5  # a width unit is one digit of the body font; each column adds padding


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    wrap: bool = False
    choices: tuple[str, ...] = ()  # a drop-down list on the body cells
    hidden: bool = False

    @classmethod
    def of(cls, field: schema.Column, title: str | None = None, width: float | None = None) -> "Column":
        """The sheet column of a schema field: its label, width, wrapping and (for editable choices) list."""
        choices = field.choices if field.kind == schema.CHOICE else (
            (schema.YES, schema.NO) if field.kind == schema.BOOL else ())
        return cls(title or field.label, width or field.width, field.wraps, choices if field.editable else ())


KEY = Column(KEY_TITLE, 34, hidden=True)


class Percent(NamedTuple):
    value: float


class Link(NamedTuple):
    """A hyperlink cell (a file's place in the binder, another sheet): its target and the text shown."""
    target: str
    text: str


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


class Book:
    """One workbook being written: its formats (made once each), its page header, its sheets. XlsxWriter's
    own temporary files go to scratch, a private folder."""

    def __init__(self, path: Path, page_header: str, properties: dict, scratch: Path):
        self._output = OutputFile(path)
        self.book = xlsxwriter.Workbook(self._output, {
            "constant_memory": True, "tmpdir": str(scratch), "strings_to_formulas": False,
            "strings_to_urls": False, "strings_to_numbers": False, "default_format_properties": BODY})
        self.page_header = page_header
        self._formats: dict[tuple, object] = {}
        for name, value in properties.items():
            self.book.set_custom_property(name, value)

    def format(self, **props):
        key = tuple(sorted(props.items()))
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self.book.add_format({**BODY, **props})
        return found

    def add_sheet(self, name: str):
        return self.book.add_worksheet(name)

    def close(self) -> None:
        try:
            self.book.close()
        except FileCreateError as exc:  # the OSError inside: atomic_write says it in Chinese
            self._output.abandon()
            raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc)) from exc
        self._output.close()

    def abandon(self) -> None:
        """After an error (or Cancelled) while writing: nothing more reaches the file."""
        self._output.abandon()
        with suppress(Exception):  # closing is the library's way to remove its row files
            self.book.close()


@contextmanager
def new_workbook(target: Path | str, page_header: str = "", properties: dict | None = None):
    """A workbook written to a temporary file beside target and renamed over it when the block ends; on any
    error (or Cancelled) the old target stays and the temporary files go. page_header (the ledger's label)
    heads every printed page, followed by the sheet's name; properties become custom document properties."""
    with atomic_write(target) as temp, scratch_folder(target) as scratch:
        book = Book(Path(temp), page_header, properties or {}, scratch)
        try:
            yield book
        except BaseException:
            book.abandon()
            raise
        book.close()


def safe_text(value: str) -> str:
    """Text as it may go into a cell: no control characters, at most Excel's 32,767 characters."""
    text = clean_text(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - 1] + "…"
    return text


class SheetWriter:
    """One streamed sheet: optional title line, a styled header row, then body rows (each written once)."""

    def __init__(self, book: Book, name: str, columns: list[Column], *, title: str | None = None, repeat: int = 1):
        """repeat: how many first columns say which row it is, printed on every page of a sheet too wide
        for one."""
        self.book, self.columns = book, columns
        self.sheet = book.add_sheet(name)
        self.rows = 0
        self.totals = 0  # 合计 rows at the end: outside the autofilter, so sorting never moves them
        self.header_row = 1 if title else 0  # 0-based, as XlsxWriter counts
        self._style_sets: dict[bool, dict] = {}
        self.repeat = repeat
        for index, column in enumerate(columns):
            self.sheet.set_column(index, index, column.width, None, {"hidden": True} if column.hidden else None)
        self._setup_print()
        if title:
            self.sheet.set_row(0, TITLE_HEIGHT)
            self.sheet.write_string(0, 0, safe_text(title), book.format(**TITLE))
        self._header()

    def _setup_print(self) -> None:
        sheet = self.sheet
        if self.book.page_header:
            sheet.set_header(f'&C&"宋体"&9{self.book.page_header.replace("&", "&&")}　&A')
        sheet.set_footer(f'&C&"宋体"&9{FOOTER}')
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        wide = pages_wide(self.columns, self.repeat)
        sheet.fit_to_pages(wide, 0)
        if wide > 1:  # a row's pages follow each other, each saying which row it is
            sheet.print_across()
            if self.repeat:
                sheet.repeat_columns(0, self.repeat - 1)
        sheet.center_horizontally()
        sheet.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN)
        sheet.repeat_rows(self.header_row)
        sheet.freeze_panes(self.header_row + 1, 0)

    def _header(self) -> None:
        lines = max(lines_needed(c.title, c.width) for c in self.columns if not c.hidden)
        self.sheet.set_row(self.header_row, lines * LINE_HEIGHT + HEADER_PADDING if lines > 1 else None)
        header = self.book.format(**HEADER)
        for index, column in enumerate(self.columns):
            self.sheet.write_string(self.header_row, index, column.title, header)

    def percent(self, ratio: float) -> Percent:
        return Percent(ratio)

    def _styles(self, bold: bool) -> dict:
        """Kind of cell → its format (bordered, top-aligned): made once per workbook, looked up per cell."""
        found = self._style_sets.get(bold)
        if found is None:
            base = {**BORDER, **({"bold": True} if bold else {})}
            fmt = self.book.format
            found = self._style_sets[bold] = {
                "text": fmt(**base), "wrap": fmt(**base, text_wrap=True), "quote": fmt(**base, quote_prefix=True),
                "quote-wrap": fmt(**base, text_wrap=True, quote_prefix=True),
                "date": fmt(**base, num_format=DATE_FORMAT), "datetime": fmt(**base, num_format=DATETIME_FORMAT),
                "percent": fmt(**base, num_format=PERCENT_FORMAT),
                "link": fmt(**base, font_color="blue", underline=1),
                "link-wrap": fmt(**base, font_color="blue", underline=1, text_wrap=True)}
        return found

    def add(self, values, *, bold: bool = False, total: bool = False) -> None:
        """One body row; total=True for a 合计 row (they come last). The innermost loop of every export:
        each cell is decided and written in one pass, the row's height set once its cells are known."""
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        row = self.header_row + 1 + self.rows
        sheet, styles, lines = self.sheet, self._styles(bold), 1
        for col, value in enumerate(values):
            if value is None or value == "":
                sheet.write_blank(row, col, None, styles["text"])
                continue
            kind = type(value)
            if kind is str:
                lines = max(lines, self._write_text(row, col, value, styles))
            elif kind is int or kind is float:
                sheet.write_number(row, col, value, styles["text"])
            elif kind is date:
                sheet.write_datetime(row, col, value, styles["date"])
            elif kind is datetime:
                sheet.write_datetime(row, col, value, styles["datetime"])
            elif kind is bool:
                sheet.write_string(row, col, schema.YES if value else schema.NO, styles["text"])
            elif kind is Percent:
                sheet.write_number(row, col, value.value, styles["percent"])
            elif kind is Link:
                lines = max(lines, self._write_link(row, col, value, styles))
            else:
                lines = max(lines, self._write_text(row, col, str(value), styles))
        if lines > 1:
            sheet.set_row(row, min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT))
        self.rows += 1
        self.totals += total

    def _write_text(self, row: int, col: int, text: str, styles: dict) -> int:
        """A text cell, never a formula; wrapped when wider than its column. Returns the lines it needs."""
        text = text.strip() if text.isprintable() and len(text) <= EXCEL_CELL_LIMIT else safe_text(text)
        if not text:
            self.sheet.write_blank(row, col, None, styles["text"])
            return 1
        column = self.columns[col]
        # the length test first: most text is short, and no character is wider than two units
        too_wide = (len(text) * 2 > column.width - 0.7 or "\n" in text) and needs_wrap(text, column.width)
        wrap = column.wrap or too_wide
        style = ("quote-wrap" if wrap else "quote") if text[0] in FORMULA_START else ("wrap" if wrap else "text")
        self.sheet.write_string(row, col, text, styles[style])  # quote_prefix: stays text when edited, too
        return lines_needed(text, column.width) if too_wide else 1

    def _write_link(self, row: int, col: int, link: Link, styles: dict) -> int:
        """A hyperlink cell, wrapped as a text cell of its column is. Returns the lines it needs."""
        text, column = safe_text(link.text), self.columns[col]
        too_wide = needs_wrap(text, column.width)
        style = "link-wrap" if column.wrap or too_wide else "link"
        self.sheet.write_url(row, col, link.target, styles[style], text)
        return lines_needed(text, column.width) if too_wide else 1

    def finish(self) -> None:
        """Autofilter over the header and the body rows before any 合计 row, and the drop-down lists on the
        choice columns' body cells (call once, after the last row)."""
        last_body = self.header_row + max(self.rows - self.totals, 1)
        self.sheet.autofilter(self.header_row, 0, last_body, len(self.columns) - 1)
        if self.rows - self.totals <= 0:
            return
        for index, column in enumerate(self.columns):
            if column.choices and len(",".join(column.choices)) <= MAX_LIST:
                self.sheet.data_validation(self.header_row + 1, index, last_body, index, {
                    "validate": "list", "source": list(column.choices), "error_title": column.title,
                    "error_message": f"请从列表中选择：{'、'.join(column.choices)}"[:MAX_LIST]})


def column_pixels(width: float) -> int:
    """A column's width on screen and paper at 100 %, in pixels: its digits and its padding."""
    return int(width * DIGIT_PIXELS + 0.5) + COLUMN_PADDING


def pages_wide(columns: list[Column], repeat: int = 1) -> int:
    """A4 landscape pages across that the visible columns need at MIN_SCALE, split at column boundaries as
    print does, each page after the first beginning with the first repeat columns."""
    widths = [column_pixels(c.width) for c in columns if not c.hidden]
    room = PAGE_PIXELS / MIN_SCALE
    repeated = sum(widths[:repeat])
    pages, used = 1, 0
    for width in widths:
        if used + width > room and used > repeated:
            pages, used = pages + 1, repeated
        used += width
    return pages


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
