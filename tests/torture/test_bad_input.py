"""(c) Hostile input: attachment names and text fields that have broken other programs. Each is either
stored safely (inside the file store, under a clean name) or refused with a Chinese message; nothing is
written outside the data directory; the export holds every one as plain text, never as a formula."""

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desktop.domain import files as file_rules
from desktop.domain.errors import UserError
from desktop.services import evidence, export_xlsx, ledgers
from desktop.store import file_store, operations

TODAY = date(2025, 12, 1)
NAMES = [
    "../../../../etc/passwd.pdf", "..\\..\\..\\Windows\\win.ini.pdf", "/etc/shadow.pdf", "C:\\Windows\\x.pdf",
    "\\\\server\\share\\x.pdf", "..", ".", "...", "", " ", " .pdf", "CON", "con.pdf", "PRN.pdf", "NUL.txt",
    "AUX.txt", "COM1.jpg", "lpt9.doc", "nul .txt", "名称\x00含空字符.pdf", "tab\tand\nnewline.pdf", "bell\x07.pdf",
    "del\x7f.pdf", "c1\x85control.pdf", "长" * 300 + ".pdf", "a" * 255 + ".pdf", "a" * 400 + ".pdf",
    "／etc／passwd.pdf", "．．／．．／x.pdf", "．．", "invoice\u202efdp.exe", "报告\u202egpj.pdf",
    "report.pdf\u202e", "\u200bzero-width.pdf", "trailing dot.pdf.", "trailing space.pdf ", "a:b.pdf",
    'quote".pdf', "<script>alert(1)</script>.pdf", "pipe|star*q?.pdf", "x.PDF", "file.exe", "file.pdf.exe",
    "file.exe.pdf", "setup.msi", "run.bat", "ok.JS", "=HYPERLINK(\"http://x\").pdf", "+cmd.pdf", "-1.pdf",
    "@SUM(A1).pdf", "#N／A.pdf", "ｃｏｎ.txt", "😀表情.jpg", "e\u0301accent.pdf",
]
# executables behind what the name is cleaned of, or what Windows drops or folds: each must be refused
DISGUISED = [
    "evil.exe.", "evil.exe ", "evil.exe..", "evil.e\u200bxe", "evil.exe\u200b", "evil.bat\u202e", "evil.exe. . ",
    "evil.EXE", "evil.Exe.", "evil.ｅｘｅ", "evil.ＢＡＴ", "evil.exe\u3000", "evil.exe\uff0e", "evil.exe:stream",
    "evil.exe::$DATA", "evil.e\u00adxe", "evil.exe\ufeff", "evil.\u2060cmd", "evil.vbs\u200f.", "evil.pdf.exe.",
    "evil.ps1 ", "evil.lnk\t", "evil.scr\x7f",
]
TEXTS = [
    "=HYPERLINK(\"http://evil.example\",\"点击领取\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)",
    "\t=1+1", "\x0b垂直制表符来自 Word", "#N/A", "#DIV/0!", "法" * 40000, "a\x00b\x1bc", "\u202e反向文字",
    "正常的标题", " =前面有空格", "\r\n=换行后",
]
UNSAFE_CHARS = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f]")
RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def safe_stored_name(name: str) -> bool:
    return (bool(name) and not UNSAFE_CHARS.search(name) and not RESERVED.match(name)
            and name not in (".", "..") and len(name) <= file_rules.MAX_NAME)


def make_source(folder: Path, name: str, content: bytes) -> Path | None:
    """The file as the officer's disk would have it, or None when no file system can hold that name."""
    if not name or "/" in name or "\x00" in name or name in (".", "..") or len(name.encode()) > 255:
        return None
    path = folder / name
    try:
        path.write_bytes(content)
    except (OSError, ValueError):
        return None
    return path


def snapshot(root: Path, skip: set[Path]) -> set[Path]:
    return {p for p in root.rglob("*") if not any(s in p.parents or s == p for s in skip)}


def add_by_name(store, ledger_id, item_id, source_dir, fallback, name, index) -> str:
    """'stored' or 'rejected'; a name no disk can hold goes in the way an imported packet would."""
    content = f"{index}:{name!r}".encode()
    source = make_source(source_dir, name, content)
    try:
        if source is not None:
            evidence.add(store, ledger_id, title=f"附件名测试 {index}", kind="其他", formed_on=TODAY,
                         item_ids=[item_id], files=[source], today=TODAY)
            return "stored"
        if file_rules.is_refused(name):
            raise UserError(f"“{name}”是可执行文件或脚本，出于安全考虑不能作为佐证材料。")
        fallback.write_bytes(content)
        shown = file_rules.display_name(name)
        sha, size, stored = store.files.put(fallback, shown)
        evidence_id = evidence.add(store, ledger_id, title=f"附件名测试 {index}", kind="其他", formed_on=TODAY,
                                   item_ids=[item_id], today=TODAY).result
        with operations.operation(store.db, "直接加入附件") as op:
            file_store.ensure_blob_row(op, sha, size, stored)
            file_store.add_attachment_row(op, evidence_id, sha, shown, size, "")
        return "stored"
    except UserError as exc:
        assert re.search(r"[\u4e00-\u9fff]", str(exc)), f"not a Chinese message: {exc}"
        return "rejected"


def test_hostile_names_and_texts_are_stored_safely_or_refused(store, mini_ledger, item_ids, tmp_path, figures):
    item_id = item_ids["1.1"]
    source_dir = tmp_path / "来源"
    source_dir.mkdir()
    fallback = tmp_path / "packet-file.bin"
    before = snapshot(tmp_path, {store.data.root, source_dir, fallback})
    outcome = {"stored": [], "rejected": []}
    for index, name in enumerate(NAMES + DISGUISED):
        outcome[add_by_name(store, mini_ledger, item_id, source_dir, fallback, name, index)].append(name)
    for text in TEXTS:
        try:
            evidence.add(store, mini_ledger, title=text, kind="其他", formed_on=TODAY, item_ids=[item_id],
                         description=text, today=TODAY)
            outcome["stored"].append(text)
        except UserError as exc:
            assert re.search(r"[\u4e00-\u9fff]", str(exc))
            outcome["rejected"].append(text)
        try:  # over-long text is refused (never cut), like the evidence fields
            ledgers.update_item(store, item_id, {"remark": text, "owner": text, "department": text})
            outcome["stored"].append(text)
        except UserError as exc:
            assert re.search(r"[\u4e00-\u9fff]", str(exc))
            outcome["rejected"].append(text)
    figures["bad_tried"] += len(NAMES) + len(DISGUISED) + 2 * len(TEXTS)
    figures["bad_stored"] += len(outcome["stored"])
    figures["bad_rejected"] += len(outcome["rejected"])
    assert len(outcome["stored"]) + len(outcome["rejected"]) == len(NAMES) + len(DISGUISED) + 2 * len(TEXTS)
    # executables and scripts (also behind a right-to-left override), and a 40,000-character title
    assert set(outcome["rejected"]) == {"invoice\u202efdp.exe", "file.exe", "file.pdf.exe", "setup.msi",
                                        "run.bat", "ok.JS", "法" * 40000, *DISGUISED}

    escaped = _files_outside_the_store(store) + sorted(str(p) for p in snapshot(tmp_path, {
        store.data.root, source_dir, fallback}) - before)
    figures["bad_escaped"] += len(escaped)
    assert escaped == []
    names = [r[0] for r in store.db.execute("SELECT original_name FROM attachment")]
    assert names and all(safe_stored_name(n) for n in names), [n for n in names if not safe_stored_name(n)]
    assert not any(file_rules.is_refused(n) for n in names)
    stored = [p.name for p in store.files.root.rglob("*") if p.is_file()]
    assert stored and all(p.split(".", 1)[-1] in file_rules.OPENABLE_EXTENSIONS for p in stored if "." in p)
    _export_is_all_text(store, mini_ledger, tmp_path / "导出.xlsx", figures)


def _files_outside_the_store(store) -> list[str]:
    root = store.files.root.resolve()
    outside = []
    for path in store.files.root.rglob("*"):
        try:
            path.resolve().relative_to(root)
        except ValueError:
            outside.append(str(path))
    return outside


def _export_is_all_text(store, ledger_id, out: Path, figures) -> None:
    export_xlsx.export_progress_workbook(store, ledger_id, out, today=TODAY)
    book = openpyxl.load_workbook(out)
    bad = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")
                                             and cell.data_type != "s"):
                    bad.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r:.60}")
    catalog = book["佐证材料目录"]
    file_cells = [row[4] for row in catalog.iter_rows(min_row=2) if row[4].value is not None]
    for cell in file_cells:
        if cell.data_type != "s" or not isinstance(cell.value, str):
            bad.append(f"file name cell {cell.coordinate}: {cell.data_type}")
    formula_like = [c for s in book.worksheets for row in s.iter_rows() for c in row
                    if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    figures["bad_cells"] += len(bad)
    assert bad == []
    assert len(file_cells) >= 20
    assert len(formula_like) >= 5 and all(c.data_type == "s" for c in formula_like)


@pytest.mark.parametrize("name", ["../x.pdf", "CON", "a" * 400 + ".pdf", "\u202eexe.pdf"])
def test_display_names_are_safe(name):
    assert safe_stored_name(file_rules.display_name(name))


@pytest.mark.parametrize("name", ["报告\u202egpj.pdf", "\u200bzero-width.pdf", "c1\x85control.pdf"])
def test_names_lose_invisible_and_direction_characters(name):
    shown = file_rules.display_name(name)
    assert not re.search(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\x80-\x9f]", shown)
