"""One register's rows read from an .xlsx (through xlsx_guard): the visible sheet the program exports for the
register if there is one, else the first visible sheet (a hidden sheet is never read); the header found by the
fields' Chinese labels in its first rows, then only its columns read, at most LAST_ROW rows; a cell merged
down a column read in every row it covers, one merged across fields reported."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain import columns as schema
from desktop.domain.errors import UserError
from desktop.services import xlsx_guard, xlsx_merges

HEADER_ROWS = 10  # a title line or two may stand above the header
MAX_ROWS = 5000
LAST_ROW = HEADER_ROWS + 2 * MAX_ROWS  # blank rows between entries are read too, up to as many again
_SPACE = re.compile(r"\s+")


@dataclass
class Sheet:
    name: str
    header_row: int
    fields: dict[str, int]  # field → 0-based column index
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (sheet row number, field → cell value)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, what is wrong)


def _norm(text) -> str:
    """A header as typed: spaces, line breaks, a required mark and half-width brackets do not matter."""
    text = _SPACE.sub("", str(text)).rstrip("*＊")
    return text.replace("(", "（").replace(")", "）")


def headers_of(entity: str) -> dict[str, str]:
    """Normalised label → field, for every column of the register."""
    return {_norm(c.label): c.key for c in schema.columns(entity)}


def _pick(book, wanted: str | None, path: Path | str) -> tuple[object, str]:
    """(the sheet to read, a note when the wanted sheet is hidden): a hidden sheet is never read, its
    rows are out of the officer's sight."""
    shown = [s for s in book.worksheets if xlsx_guard.visible(s)]
    named = next((s for s in shown if s.title == wanted), None)
    note = (f"（工作表“{wanted}”是隐藏的，不会读取；如要导入它，请在 Excel/WPS 中取消隐藏。）"
            if wanted in book.sheetnames and named is None else "")
    if named is None and not shown:
        raise UserError(f"不能导入 {Path(path).name}：工作簿中没有可见的工作表。{note}")
    return named or shown[0], note


def _match(row, headers: dict[str, str]) -> dict[str, int]:
    where: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = headers.get(_norm(cell)) if cell is not None else None
        if key is not None:
            where.setdefault(key, index)
    return where


def _header(head: list, headers: dict, needed: tuple, entity: str, description: str) -> tuple[int, dict]:
    """(row number, field → index) of the first of the first rows that has every needed column."""
    best: tuple[int, dict] = (1, {})
    for number, row in enumerate(head, start=1):
        where = _match(row, headers)
        if where and all(f in where for f in needed):
            return number, where
        if len(where) > len(best[1]):
            best = (number, where)
    missing = "".join(f"“{schema.label(entity, f)}”" for f in needed if f not in best[1])
    raise UserError(f"第 {best[0]} 行没有{missing}列。{description}")


def read_sheet(entity: str, path: Path | str, needed: tuple, description: str,
               sheet_name: str | None = None) -> Sheet:
    """The sheet's non-empty rows below its header; UserError when the file cannot be used."""
    from desktop.services.register_export import SHEET_NAMES

    with xlsx_guard.open_workbook(path) as book:  # hostile files are refused before openpyxl parses them
        sheet, note = _pick(book, sheet_name or SHEET_NAMES.get(entity), path)
        head = xlsx_guard.head_of(sheet, path, HEADER_ROWS)
        number, where = _header(head, headers_of(entity), needed, entity, description + note)
        found = Sheet(sheet.title, number, where)
        merges = _Merges(entity, xlsx_merges.merged_ranges(path, sheet.title), where, number, found)
        rows = xlsx_guard.rows_of(sheet, path, first=number + 1, last=LAST_ROW, columns=max(where.values()) + 1)
        for index, row in enumerate(rows, start=number + 1):
            _add(found, index, merges.fill(index, row), where)
        return found


def _add(found: Sheet, number: int, row, where: dict) -> None:
    values = {f: row[i] if i < len(row) else None for f, i in where.items()}
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
        return
    found.rows.append((number, values))
    if len(found.rows) > MAX_ROWS:
        raise UserError(f"表格超过 {MAX_ROWS} 行，请检查是否选错了文件。")


class _Merges:
    """A cell merged down one column stands in every row it covers (as the eye reads it); one merged across
    several fields cannot be split and is reported."""

    def __init__(self, entity: str, ranges, where: dict, header_row: int, found: Sheet):
        self.down: list[tuple[int, int, int]] = []  # (column index, first row, last row)
        self.carry: dict[tuple[int, int], object] = {}
        by_index = {i: f for f, i in where.items()}
        for min_col, min_row, max_col, max_row in ranges:
            if min_row <= header_row:
                continue  # a title or header merged: not data
            spanned = [by_index[c] for c in range(min_col - 1, max_col) if c in by_index]
            if len(spanned) > 1:
                rows = f"{min_row}" if min_row == max_row else f"{min_row}–{max_row}"
                labels = "、".join(schema.label(entity, f) for f in spanned)
                found.problems.append((min_row, f"第 {rows} 行的“{labels}”合并成了一个单元格，请取消合并后分别填写。"))
            elif spanned and max_row > min_row:
                self.down.append((where[spanned[0]], min_row, max_row))

    def fill(self, number: int, row) -> tuple:
        if not self.down:
            return row
        row = list(row)
        for index, first, last in self.down:
            if number == first:
                self.carry[index, first] = row[index] if index < len(row) else None
            elif first < number <= last:
                row.extend([None] * (index + 1 - len(row)))
                row[index] = self.carry.get((index, first))
        return tuple(row)
