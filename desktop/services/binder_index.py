"""The binder's index 佐证材料目录.xlsx (XlsxWriter, through xlsx_sheets): one row per file, its place in the
binder as wrapped text (printed whole) beside a relative hyperlink 打开 (it opens the file when the binder is
unpacked; the path is no link itself, as LibreOffice never wraps a link's text), its checksum and whether it
is in the binder."""

from pathlib import Path

from desktop.services.binder_layout import Placed
from desktop.services.snapshot import LedgerSnapshot
from desktop.services.xlsx_sheets import KEY, Column, Link, SheetWriter, new_workbook

INDEX_NAME = "佐证材料目录.xlsx"
OPEN = "打开"
# widths for one legible page across: long text wraps (a path breaks at its characters, the checksum in two)
COLUMNS = [Column("条目编码", 8), Column("条目名称", 18, wrap=True), Column("形成日期", 11),
           Column("标题", 26, wrap=True), Column("类别", 12, wrap=True), Column("原文件名", 20, wrap=True),
           Column("在材料包中的位置", 36, wrap=True), Column(OPEN, 6), Column("大小（字节）", 10),
           Column("SHA-256", 34, wrap=True), Column("状态", 8, wrap=True), KEY]


def write_index(snap: LedgerSnapshot, placed: list[Placed], problems: dict[str, str], path: Path) -> Path:
    with new_workbook(path, snap.ledger.label) as book:
        sheet = SheetWriter(book, "佐证材料目录", COLUMNS, title=f"{snap.ledger.label}　佐证材料目录")
        for p in placed:
            reason = problems.get(p.path)
            opens = "" if reason == "文件缺失" else Link(f"external:{p.path}", OPEN)
            sheet.add([p.item.code, p.item.title, p.entry.formed_on, p.entry.title, p.entry.kind, p.file.name,
                       p.path, opens, p.file.size, p.file.sha256, reason or "已收入", p.entry.uid])
        sheet.finish()
    return path
