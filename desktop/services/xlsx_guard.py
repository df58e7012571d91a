"""Every Excel file that comes in passes here before openpyxl sees it: its size, the zip directory (number of
members, uncompressed total, compression ratio) and each XML member's prologue (no DOCTYPE, so no entity
bomb) are checked, and openpyxl reads only with defusedxml in force. A file that fails is refused with a
Chinese UserError; nothing has been read from it, nothing is changed."""

import zipfile
from contextlib import contextmanager
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.store import failures

MAX_FILE_BYTES = 50 * 1024 * 1024  # a township's workbook is well under 5 MB
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200  # sheet XML compresses 10–30×; a bomb compresses thousands of times
RATIO_FLOOR = 1024 * 1024  # small members may compress well without harm
PROLOGUE_BYTES = 4096  # a DOCTYPE can only stand before the root element
REQUIRED = "xl/workbook.xml"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls (and encrypted .xlsx) container


def _refuse(path: Path, why: str) -> UserError:
    return UserError(f"不能导入 {path.name}：{why}")


def check(path: Path | str) -> Path:
    """Refuse (UserError) a file that is not a plain, reasonably sized .xlsx; returns the path."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise _refuse(path, f"无法打开文件（{failures.reason(exc)}）。") from None
    if size > MAX_FILE_BYTES:
        raise _refuse(path, f"文件大小 {size / 1024 / 1024:.0f} MB 超过上限 {MAX_FILE_BYTES // 1024 // 1024} MB。")
    if magic == OLE_MAGIC:
        raise _refuse(path, "这是旧版 .xls 文件或加密的工作簿。请在 Excel/WPS 中另存为 .xlsx（不加密）后再导入。")
    if magic != ZIP_MAGIC:
        raise _refuse(path, "不是 Excel 工作簿（.xlsx）。")
    try:
        with zipfile.ZipFile(path) as book:
            _check_directory(path, book.infolist())
            _check_prologues(path, book)
    except zipfile.BadZipFile:
        raise _refuse(path, "文件已损坏或不完整（例如未下载完）。") from None
    return path


def _check_directory(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise _refuse(path, f"工作簿内含 {len(members)} 个部件，超过上限 {MAX_MEMBERS}。")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise _refuse(path, f"解压后大小 {total / 1024 / 1024:.0f} MB 超过上限 {MAX_UNCOMPRESSED // 1024 // 1024} MB。")
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise _refuse(path, f"部件 {member.filename} 压缩比异常（疑似“压缩炸弹”）。")
        if member.flag_bits & 0x1:
            raise _refuse(path, "工作簿已加密，请取消密码后再导入。")
    if REQUIRED not in {m.filename for m in members}:
        raise _refuse(path, "不是 Excel 工作簿（缺少 workbook.xml）。")


def _check_prologues(path: Path, book: zipfile.ZipFile) -> None:
    for member in book.infolist():
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with book.open(member) as stream:
            head = stream.read(PROLOGUE_BYTES).upper()
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise _refuse(path, f"部件 {member.filename} 含有 DOCTYPE/实体声明，可能是恶意文件。")


@contextmanager
def open_workbook(path: Path | str):
    """The checked file opened by openpyxl read-only with values (not formulas); closed after the block.
    Any error openpyxl raises for a malformed file becomes a Chinese UserError."""
    import openpyxl  # only when importing: keeps it off the first paint

    path = check(path)
    if not openpyxl.DEFUSEDXML:  # openpyxl uses defusedxml whenever it is installed; it is a dependency
        raise UserError("缺少 defusedxml 组件，为安全起见不导入 Excel 文件。请重新安装本程序。")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise _refuse(path, f"无法读取（{type(exc).__name__}：{exc}）。请在 Excel/WPS 中重新另存为 .xlsx。") from None
    try:
        yield book
    finally:
        book.close()


def rows_of(sheet, path: Path | str = ""):
    """A sheet's rows as value tuples, walked to the end (WPS may store a wrong dimension record, so
    max_row is never trusted); a parse error midway becomes a UserError."""
    try:
        sheet.reset_dimensions()  # read-only sheets otherwise pad rows to the recorded width
        yield from sheet.iter_rows(values_only=True)
    except UserError:
        raise
    except Exception as exc:
        raise UserError(f"不能导入 {Path(path).name}：工作表“{sheet.title}”无法读取（{type(exc).__name__}）。") from None
