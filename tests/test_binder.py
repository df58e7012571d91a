"""The evidence binder unpacked as an inspector would: its tree and names, the checksums recomputed against
SHA256SUMS.txt, the index's links; a cancelled binder leaves no file; a file missing from the store is
reported, not a crash."""

import hashlib
import signal
import subprocess
import sys
import threading
import zipfile
from datetime import date

import openpyxl
import pytest

from desktop.domain import files
from desktop.domain.errors import Cancelled
from desktop.services import binder, binder_layout, evidence
from tests.conftest import DATA

ROOT = DATA.parent.parent


def add_evidence(store, ledger, codes, sample_file, title, code, names):
    files = [sample_file(name, f"{title}-{name}".encode() * 100) for name in names]
    result = evidence.add(store, ledger, title=title, kind="会议纪要/记录", formed_on=date(2025, 3, 1),
                          item_ids=[codes[code]], files=files, today=date(2025, 12, 1))
    return getattr(result, "result", result)


@pytest.fixture
def filled(store, ledger, codes, sample_file):
    add_evidence(store, ledger, codes, sample_file, "党委会纪要", "1.1", ["纪要.pdf"])
    add_evidence(store, ledger, codes, sample_file, "党委会纪要", "1.1", ["另一份.pdf"])  # same name: made unique
    add_evidence(store, ledger, codes, sample_file, "审核意见书#1", "5.6.2", ["意见书.docx", "附件.jpg"])
    return ledger


def test_binder_tree_names_and_checksums(store, filled, tmp_path):
    result = binder.export_binder(store, filled, tmp_path / "包.zip", today=date(2025, 12, 1))
    assert result.problems == () and result.files == 4
    with zipfile.ZipFile(tmp_path / "包.zip") as book:
        names = book.namelist()
        assert "5.6.2 执法公示：事中公示/2025-03-01_审核意见书_1_意见书.docx" in names
        assert "5.6.2 执法公示：事中公示/2025-03-01_审核意见书_1_附件.jpg" in names
        assert {"1.1 学习贯彻习近平法治思想/2025-03-01_党委会纪要.pdf",
                "1.1 学习贯彻习近平法治思想/2025-03-01_党委会纪要_2.pdf"} <= set(names)
        assert "测试镇人民政府2025年度法治政府建设进度表.xlsx" in names and "佐证材料目录.xlsx" in names
        folders = {n.split("/")[0] for n in names if "/" in n}
        assert folders == {"1.1 学习贯彻习近平法治思想", "5.6.2 执法公示：事中公示"}  # no empty folders
        assert all(len(n) <= binder_layout.MAX_IN_BINDER for n in names)
        sums = book.read("SHA256SUMS.txt").decode("utf-8").splitlines()
        listed = dict(reversed(line.split("  ", 1)) for line in sums)
        assert set(listed) == set(names) - {"SHA256SUMS.txt"}
        for name, sha in listed.items():
            assert hashlib.sha256(book.read(name)).hexdigest() == sha
        book.extract("佐证材料目录.xlsx", tmp_path / "x")
    sheet = openpyxl.load_workbook(tmp_path / "x" / "佐证材料目录.xlsx").active
    assert [c.value for c in sheet[2]][6:8] == ["在材料包中的位置", "打开"]
    links = [c.hyperlink.target for c in sheet["H"] if c.hyperlink]
    assert len(links) == 4 and all(not t.startswith("/") for t in links)


def test_a_cancelled_binder_leaves_no_file(store, filled, tmp_path):
    cancel = threading.Event()

    def progress(done, total):
        cancel.set()  # the officer presses 取消 at the first report

    with pytest.raises(Cancelled):
        binder.export_binder(store, filled, tmp_path / "包.zip", progress=progress, cancel=cancel)
    assert not (tmp_path / "包.zip").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") or p.suffix == ".zip"]


def test_a_file_missing_from_the_store_is_reported(store, filled, tmp_path):
    stored = store.db.execute("SELECT stored_name FROM blob b JOIN attachment a ON a.sha256 = b.sha256 "
                              "WHERE a.original_name = '意见书.docx'").fetchone()[0]
    store.files.path_for(stored).unlink()
    result = binder.export_binder(store, filled, tmp_path / "包.zip")
    assert [(p.item_code, p.name, p.reason) for p in result.problems] == [("5.6.2", "意见书.docx", "文件缺失")]
    with zipfile.ZipFile(tmp_path / "包.zip") as book:
        assert not any(n.endswith("意见书.docx") for n in book.namelist())
        book.extract("佐证材料目录.xlsx", tmp_path / "x")
    sheet = openpyxl.load_workbook(tmp_path / "x" / "佐证材料目录.xlsx").active
    states = {row[5]: row[10] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert states["意见书.docx"] == "文件缺失" and states["附件.jpg"] == "已收入"
    opens = {row[5]: row[7] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert opens["意见书.docx"] is None and opens["附件.jpg"] == "打开"  # no link to a missing file


NASTY_TITLES = {"会议纪要/记录": "2025-03-01_会议纪要／记录.pdf", "关于A\\B的通知": "2025-03-01_关于A＼B的通知.pdf",
                "关于<通知>:*?|": "2025-03-01_关于＜通知＞：＊？｜.pdf"}


def test_separators_in_titles_are_replaced_never_split_on(store, ledger, codes, sample_file, tmp_path):
    for title in NASTY_TITLES:
        add_evidence(store, ledger, codes, sample_file, title, "1.1", [f"{len(title)}.pdf"])
    binder.export_binder(store, ledger, tmp_path / "包.zip")
    with zipfile.ZipFile(tmp_path / "包.zip") as book:
        names = set(book.namelist())
    assert {f"1.1 学习贯彻习近平法治思想/{name}" for name in NASTY_TITLES.values()} <= names


def test_item_titles_keep_their_code_in_the_folder_name(store, sample_file, tmp_path):
    from desktop.services import ledgers, templates

    text = (DATA / "mini_template.yaml").read_text(encoding="utf-8")
    nasty = tmp_path / "nasty.yaml"
    nasty.write_text(text.replace("title: 学习贯彻习近平法治思想", "title: 学习/贯彻\\思想")
                     .replace("title: 年度工作要点", "title: x/COM¹"), encoding="utf-8")
    template = templates.install(store.db, templates.load_template(nasty))
    ledger = ledgers.create_ledger(store, "测试镇", 2025, template).result
    codes = {i.code: i.id for i in ledgers.load_view(store, ledger).items}
    add_evidence(store, ledger, codes, sample_file, "纪要", "1.1", ["a.pdf"])
    add_evidence(store, ledger, codes, sample_file, "纪要", "1.2", ["b.pdf"])
    binder.export_binder(store, ledger, tmp_path / "包.zip")
    with zipfile.ZipFile(tmp_path / "包.zip") as book:
        folders = {n.split("/")[0] for n in book.namelist() if "/" in n}
    assert folders == {"1.1 学习／贯彻＼思想", "1.2 x／COM¹"}


@pytest.mark.parametrize("name", ["COM¹", "com².pdf", "LPT³", "lpt¹.txt", "NUL .txt", "con  .pdf", "x/NUL .txt"])
def test_every_windows_device_name_is_made_safe(name):
    assert files.component_name(name).startswith("_") or "／" in files.component_name(name)
    assert files.display_name(name).startswith("_")


def test_lengths_count_utf16_units_as_windows_does(store, ledger, codes, sample_file, tmp_path):
    add_evidence(store, ledger, codes, sample_file, "𠀀" * 120, "1.1", ["a.pdf"])
    binder.export_binder(store, ledger, tmp_path / "包.zip")
    with zipfile.ZipFile(tmp_path / "包.zip") as book:
        [name] = [n for n in book.namelist() if "𠀀" in n]
    assert files.utf16_len(name) <= binder_layout.MAX_IN_BINDER
    assert name.endswith("𠀀.pdf") and "\ufffd" not in name  # cut between characters, not inside one
    assert files.utf16_cut("a𠀀b", 2) == "a" and files.utf16_cut("a𠀀b", 3) == "a𠀀"


KILLED_EXPORT = """
import os, signal, sys
from pathlib import Path
from desktop.store.store import Store
from desktop.services import binder
with Store(Path(sys.argv[1])) as s:
    binder.export_binder(s, int(sys.argv[2]), Path(sys.argv[3]),
                         progress=lambda done, total: os.kill(os.getpid(), signal.SIGKILL))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is a POSIX signal")
def test_the_next_export_cleans_up_after_a_killed_one_but_not_a_running_one(store, filled, tmp_path):
    out = tmp_path / "导出" / "包.zip"
    killed = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(store.data.root), str(filled), str(out)],
                            cwd=ROOT, capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    left = sorted(p.name for p in out.parent.iterdir())
    assert [n.endswith(".partial") or n.endswith(".scratch") for n in left] == [True, True], left
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        theirs = out.parent / f".包.zip.{running.pid}.partial"
        theirs.write_bytes(b"another program's export, being written")
        binder.export_binder(store, filled, out)
        running.kill()
    assert sorted(p.name for p in out.parent.iterdir()) == sorted([theirs.name, "包.zip"])


def test_a_file_without_type_titled_like_a_program_is_no_program_in_the_binder(store, ledger, codes, sample_file,
                                                                                tmp_path):
    add_evidence(store, ledger, codes, sample_file, "说明.exe", "1.1", ["readme"])
    binder.export_binder(store, ledger, tmp_path / "包.zip")
    with zipfile.ZipFile(tmp_path / "包.zip") as book:
        [name] = [n for n in book.namelist() if "说明" in n]
    assert name == "1.1 学习贯彻习近平法治思想/2025-03-01_说明.exe_" and not files.is_refused(name)
