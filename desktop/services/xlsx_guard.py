"""Every Excel file that comes in passes here before openpyxl sees it: its size, the zip directory (number of
members, uncompressed total, compression ratio) and every XML member read through in pieces (no DOCTYPE, entity
declaration or comment anywhere, so no entity bomb and no comment that keeps the parser busy; no cell beyond
Excel's 1,048,576 rows or 16,384 columns) are checked, and openpyxl reads only with defusedxml in force and
never further than a row bound. A file that fails is refused with a Chinese UserError (the technical detail
goes to the log); nothing has been read from it, nothing is changed."""

import logging
import re
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.store import failures

MAX_FILE_BYTES = 50 * 1024 * 1024  # a township's workbook is well under 5 MB
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200  # sheet XML compresses 10–30×; a bomb compresses thousands of times
RATIO_FLOOR = 1024 * 1024  # small members may compress well without harm
REQUIRED = "xl/workbook.xml"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls (and encrypted .xlsx) container
XML_SUFFIXES = (".xml", ".rels", ".vml")
CHUNK = 1 << 20
MAX_TEXT_RUN = 8 * CHUNK  # bytes without a "<": no part Excel or WPS writes has one this long
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
MAX_SHEET_ROWS = 25_000  # rows_of's default bound (a sheet number), above every caller's own row limit
# Excel, WPS and LibreOffice write none of these in a workbook's parts; each is either an entity bomb's
# vehicle or (a comment of many MB) a way to keep the parser busy for minutes
FORBIDDEN = re.compile(rb"<!(?:DOCTYPE|ENTITY|--)", re.IGNORECASE)
# a row or cell reference with a row number of 7+ digits or a column of 3+ letters: checked against the limits
FAR_REFERENCE = re.compile(
    rb'<(?:\w+:)?(?:row|c)\s[^>]*?\br\s*=\s*["\']\$?([A-Za-z]{3,}\$?\d*|[A-Za-z]{0,2}\$?\d{7,})["\']')
REFERENCE = re.compile(rb"([A-Za-z]*)\$?(\d*)")
WORKSHEETS = "xl/worksheets/"
_log = logging.getLogger("desktop.xlsx_guard")


def _refuse(path: Path, why: str) -> UserError:
    return UserError(f"不能导入 {Path(path).name}：{why}")


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
            for member in book.infolist():
                if member.filename.endswith(XML_SUFFIXES):
                    _check_member(path, book, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError):
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


def pieces(path: Path, stream, name: str):
    """An XML part's bytes in pieces of about CHUNK bytes, each ending just before a "<": no tag (a "<" is
    never inside one) is split between two pieces, so a pattern for a tag finds every tag exactly once, and
    the member is never held in memory whole. UserError for a part that is not UTF-8 XML or that holds a
    DOCTYPE, an entity declaration or a comment (found as soon as the chunk holding it is read)."""
    tail = b""
    while chunk := stream.read(CHUNK):
        data = tail + chunk
        if not tail:
            _check_encoding(path, name, data)
        if FORBIDDEN.search(data):
            raise _refuse(path, f"部件 {name} 含有 DOCTYPE、实体声明或注释，可能是恶意文件。")
        cut = data.rfind(b"<")
        if cut > 0:
            yield data[:cut]
            data = data[cut:]
        elif len(data) > MAX_TEXT_RUN:
            raise _refuse(path, f"部件 {name} 结构异常（过长的无标记内容），可能是恶意文件。")
        tail = data
    if tail:
        yield tail


def _check_encoding(path: Path, name: str, data: bytes) -> None:
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if head and (not head.startswith(b"<") or head[1:2] == b"\x00"):  # UTF-16 or not XML at all
        raise _refuse(path, f"部件 {name} 不是 UTF-8 编码的 XML（Excel/WPS 不会这样保存），可能是恶意文件。")


def _check_member(path: Path, book: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    sheet = member.filename.startswith(WORKSHEETS)
    with book.open(member) as stream:
        for piece in pieces(path, stream, member.filename):
            if sheet:
                _check_references(path, piece)


def _check_references(path: Path, piece: bytes) -> None:
    """No row or cell beyond Excel's limits: openpyxl would otherwise produce every empty row up to it."""
    for found in FAR_REFERENCE.finditer(piece):
        if _beyond(*REFERENCE.match(found.group(1)).groups()):
            where = found.group(1).decode("ascii")[:20]
            raise _refuse(path, f"单元格位置 {where} 超出了 Excel 的范围（最多 {EXCEL_ROWS} 行、{EXCEL_COLUMNS} 列），"
                                "不是 Excel 或 WPS 保存的工作簿。")


def _beyond(letters: bytes, digits: bytes) -> bool:
    if len(letters) > 3 or len(digits) > 7:  # XFD, 1048576
        return True
    column = 0
    for letter in letters.upper():
        column = column * 26 + letter - 64
    return column > EXCEL_COLUMNS or bool(digits) and int(digits) > EXCEL_ROWS


def _why(exc: BaseException) -> str:
    """What is wrong, in Chinese, from an error openpyxl or defusedxml raised (the detail goes to the log)."""
    _log.info("workbook not readable: %s: %s", type(exc).__name__, exc)
    cause = exc
    while cause is not None:
        if type(cause).__module__.startswith("defusedxml"):
            return "含有 DOCTYPE 或实体声明，可能是恶意文件。"
        cause = cause.__cause__ or cause.__context__
    return "文件内容已损坏，或不是 Excel/WPS 保存的工作簿。请在 Excel/WPS 中重新另存为 .xlsx。"


@contextmanager
def reading(path: Path | str):
    """Any error raised while a checked file is read (openpyxl, defusedxml, zipfile) becomes the Chinese
    refusal; a UserError passes unchanged."""
    try:
        yield
    except UserError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise _refuse(path, f"无法读取：{_why(exc)}") from None


@contextmanager
def open_workbook(path: Path | str):
    """The checked file opened by openpyxl read-only with values (not formulas); closed after the block.
    Any error openpyxl raises for a malformed file becomes a Chinese UserError."""
    import openpyxl  # only when importing: keeps it off the first paint

    path = check(path)
    if not openpyxl.DEFUSEDXML:  # openpyxl uses defusedxml whenever it is installed; it is a dependency
        raise UserError("缺少 defusedxml 组件，为安全起见不导入 Excel 文件。请重新安装本程序。")
    with reading(path):
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        yield book
    finally:
        book.close()


def visible(sheet) -> bool:
    return getattr(sheet, "sheet_state", "visible") == "visible"


def head_of(sheet, path: Path | str, rows: int) -> list[tuple]:
    """The sheet's first rows as value tuples (a header and what stands above it), whatever lies below."""
    return list(_values(sheet, path, 1, rows, None))


def rows_of(sheet, path: Path | str, *, first: int = 1, last: int = MAX_SHEET_ROWS,
            columns: int | None = None):
    """A sheet's rows first..last as value tuples, at most `columns` wide (the header's columns: a cell far
    right costs nothing). Never walks past `last`, however far down a row number stands: a sheet with
    content below it is refused as too many rows before anything is read."""
    from desktop.services import xlsx_merges  # it reads parts through this module's pieces

    bottom = xlsx_merges.last_filled_row(path, sheet.title)
    if bottom > last:
        raise _refuse(path, f"工作表“{sheet.title}”第 {bottom} 行还有内容，超出了可读取的范围（最多读到第 {last} 行）。"
                            "请检查是否选错了文件，或删去多余的行。")
    yield from _values(sheet, path, first, last, columns)


def _values(sheet, path: Path | str, first: int, last: int, columns: int | None):
    """WPS may store a wrong dimension record, so it is never trusted; a parse error midway becomes a
    UserError."""
    with reading(path):
        sheet.reset_dimensions()  # read-only sheets otherwise pad rows to the recorded width
        yield from sheet.iter_rows(min_row=first, max_row=last, max_col=columns, values_only=True)
