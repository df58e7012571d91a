"""The binder's index 佐证材料目录.xlsx (XlsxWriter, through xlsx_sheets): one row per file, its place in the
binder as a relative hyperlink (it opens the file when the binder is unpacked), its checksum and whether it
is in the binder."""

from pathlib import Path

from desktop.services.binder_layout import Placed
from desktop.services.snapshot import LedgerSnapshot
from desktop.services.xlsx_sheets import KEY, Column, Link, SheetWriter, new_workbook

INDEX_NAME = "佐证材料目录.xlsx"
COLUMNS = [Column("条目编码", 10), Column("条目名称", 30, wrap=True), Column("形成日期", 12),
           Column("标题", 36, wrap=True), Column("类别", 14), Column("原文件名", 28, wrap=True),
           Column("在材料包中的位置", 60, wrap=True), Column("大小（字节）", 12), Column("SHA-256", 68),
           Column("状态", 12), KEY]


def write_index(snap: LedgerSnapshot, placed: list[Placed], problems: dict[str, str], path: Path) -> Path:
    with new_workbook(path, snap.ledger.label) as book:
        sheet = SheetWriter(book, "佐证材料目录", COLUMNS, title=f"{snap.ledger.label}　佐证材料目录")
        for p in placed:
            reason = problems.get(p.path)
            where = p.path if reason == "文件缺失" else Link(f"external:{p.path}", p.path)
            sheet.add([p.item.code, p.item.title, p.entry.formed_on, p.entry.title, p.entry.kind, p.file.name,
                       where, p.file.size, p.file.sha256, reason or "已收入", p.entry.uid])
        sheet.finish()
    return path
