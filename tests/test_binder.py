"""The evidence binder unpacked as an inspector would: its tree and names, the checksums recomputed against
SHA256SUMS.txt, the index's links; a cancelled binder leaves no file; a file missing from the store is
reported, not a crash."""

import hashlib
import threading
import zipfile
from datetime import date

import openpyxl
import pytest

from desktop.domain.errors import Cancelled
from desktop.services import binder, binder_layout, evidence


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
    links = [c.hyperlink.target for c in sheet["G"] if c.hyperlink]
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
    states = {row[5]: row[9] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert states["意见书.docx"] == "文件缺失" and states["附件.jpg"] == "已收入"
