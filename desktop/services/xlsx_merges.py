"""The merged ranges of one sheet of an .xlsx, which openpyxl's read-only mode does not give: the sheet's part
found through the workbook's relationships (parsed with defusedxml), then its bytes scanned in chunks for the
<mergeCell ref="…"/> elements, so a large sheet is never held in memory. Call after xlsx_guard.check."""

import re
import zipfile
from pathlib import Path, PurePosixPath

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref\s*=\s*["\']([A-Za-z]+\d+:[A-Za-z]+\d+)["\']')
CHUNK = 1 << 20
OVERLAP = 256  # longer than any mergeCell element, so one split across two chunks is still found


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
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def merged_ranges(path: Path | str, sheet_name: str) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range of the sheet, 1-based."""
    from openpyxl.utils.cell import range_boundaries  # only when importing: off the first paint

    with zipfile.ZipFile(path) as book:
        part = _part_of(book, sheet_name)
        if part is None or part not in book.namelist():
            return []
        found, tail = set(), b""
        with book.open(part) as stream:
            while chunk := stream.read(CHUNK):
                data = tail + chunk
                found.update(m.group(1).decode("ascii").upper() for m in MERGE.finditer(data))
                tail = data[-OVERLAP:]
    return sorted(range_boundaries(ref) for ref in found)
