"""What openpyxl's read-only mode does not give, read from one sheet's raw XML: its merged ranges and the last
row that holds a cell with content. The sheet's part is found through the workbook's relationships (parsed with
defusedxml), then its bytes are read in pieces (xlsx_guard.pieces), so a large sheet is never held in memory.
Call after xlsx_guard.check; any error reading becomes the guard's Chinese refusal."""

import re
import zipfile
from pathlib import Path, PurePosixPath

from desktop.services import xlsx_guard

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref\s*=\s*["\']([A-Za-z]+\d+:[A-Za-z]+\d+)["\']')
ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*?)(/?)>")  # tag, attributes, "/" when self-closing
ROW_NUMBER = re.compile(rb'\br\s*=\s*["\']\$?[A-Za-z]{0,3}\$?(\d{1,7})["\']')  # longer: refused by the guard


def _part_of(book: zipfile.ZipFile, sheet_name: str) -> str | None:
    from defusedxml import ElementTree

    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rel_id = next((s.get(f"{REL}id") for s in workbook.iter(f"{MAIN}sheet") if s.get("name") == sheet_name), None)
    if rel_id is None or "xl/_rels/workbook.xml.rels" not in book.namelist():
        return None
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{PACKAGE_REL}Relationship") if r.get("Id") == rel_id), None)
    if not target:
        return None
    part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return part if part in book.namelist() else None


def _pieces_of(path: Path | str, sheet_name: str):
    """The sheet part's bytes in pieces (none when the sheet has no part)."""
    with xlsx_guard.reading(path), zipfile.ZipFile(path) as book:
        part = _part_of(book, sheet_name)
        if part is None:
            return
        with book.open(part) as stream:
            yield from xlsx_guard.pieces(Path(path), stream, part)


def merged_ranges(path: Path | str, sheet_name: str) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range of the sheet, 1-based."""
    from openpyxl.utils.cell import range_boundaries  # only when importing: off the first paint

    found = {m.group(1).decode("ascii").upper() for piece in _pieces_of(path, sheet_name)
             for m in MERGE.finditer(piece)}
    with xlsx_guard.reading(path):
        return sorted(range_boundaries(ref) for ref in found)


def last_filled_row(path: Path | str, sheet_name: str) -> int:
    """The number of the sheet's last row with a cell that holds something (0: none): a cell that is not
    self-closing (<c r="A9" s="1"/> is only formatting). Counted as openpyxl counts: a row without a number
    follows the one before."""
    row = last = 0
    for piece in _pieces_of(path, sheet_name):
        for tag, attributes, closed in ROW_OR_CELL.findall(piece):
            number = ROW_NUMBER.search(attributes)
            if tag == b"row":
                row = int(number.group(1)) if number else row + 1
            elif not closed:
                last = max(last, int(number.group(1)) if number else row)
    return last
