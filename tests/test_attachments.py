"""Attachments in the store: no executable in, none out to the system's opener, no file left behind."""

import errno
import hashlib
import os
import sqlite3
import stat
import time

import pytest

from desktop.domain import files as file_rules
from desktop.domain.errors import UserError
from desktop.services import attachment_view, evidence, integrity
from desktop.store import evidence_repo, file_store, operations
from desktop.store.file_store import FileStore
from tests.conftest import TODAY

# what an officer's disk (or a packet) may carry; each cleaned or folded name ends in an executable type
DISGUISED = ["evil.exe.", "evil.exe ", "evil.exe..", "evil.e\u200bxe", "evil.exe\u200b", "evil.bat\u202e",
             "evil.exe:x", "evil.exe::$DATA", "EVIL.EXE", "evil.Exe . .", "evil.ｅｘｅ", "evil.ＢＡＴ",
             "evil.exe\u3000", "evil.exe\uff0e", "evil.e\u00adxe", "evil.pdf.exe", "evil.\u2060cmd",
             "evil.ps1\u200f", "evil.lnk\ufeff", "evil.scr\t", "evil\u202efdp.exe",
             # what Windows also runs, installs or mounts on a double-click
             "update.appref-ms", "settings.settingcontent-ms", "folder.library-ms.", "disk.ISO", "snap-in.msc",
             "help.chm", "install.inf",
             # scripts an installed interpreter runs, and Office files that carry macros
             "tool.pl", "tool.rb", "报告.docm", "台账.xlsm", "汇报.pptm"]


def stored_files(store):
    return sorted(p for p in store.files.root.rglob("*") if p.is_file() and store.files.trash not in p.parents)


def add(store, ledger, item_ids, *paths, title="佐证"):
    return evidence.add(store, ledger, title=title, kind="其他", formed_on=TODAY, item_ids=[item_ids["1.1"]],
                        files=list(paths), today=TODAY).result


@pytest.mark.parametrize("name", DISGUISED)
def test_disguised_executables_are_refused(store, mini_ledger, item_ids, sample_file, name):
    assert file_rules.is_refused(name)
    try:
        source = sample_file(name, b"MZ\x90\x00 not a document")
    except (OSError, ValueError):  # a name this file system cannot hold: the rule alone decides
        return
    with pytest.raises(UserError, match="可执行文件或脚本"):
        add(store, mini_ledger, item_ids, source)
    assert stored_files(store) == []
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


@pytest.mark.parametrize("name", ["报告.exe.pdf", "通知 .pdf", "会议纪要（2025）.docx", "照片.JPG", "a.exe_x.txt"])
def test_double_extensions_and_ordinary_names_are_taken(store, mini_ledger, item_ids, sample_file, name):
    assert not file_rules.is_refused(name)
    add(store, mini_ledger, item_ids, sample_file(name))
    assert len(stored_files(store)) == 1


def test_store_names_are_never_executable(store, mini_ledger, item_ids, sample_file):
    add(store, mini_ledger, item_ids, sample_file("说明.pdf", b"%PDF a"), sample_file("数据.dat", b"raw"),
        sample_file("图纸.dwg", b"dwg"))
    names = {p.name for p in stored_files(store)}
    sha = lambda data: hashlib.sha256(data).hexdigest()  # noqa: E731
    assert names == {f"{sha(b'%PDF a')}.pdf", sha(b"raw"), sha(b"dwg")}


def legacy_blob(store, content: bytes, ext: str) -> str:
    """A file as an older version stored it: <sha>.<ext> of the first name the content came under."""
    sha = hashlib.sha256(content).hexdigest()
    path = store.files.root / sha[:2] / f"{sha}.{ext}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with operations.operation(store.db, "旧版本存入的文件") as op:
        file_store.ensure_blob_row(op, sha, len(content), path.name)
    return sha


def test_same_content_under_a_later_name_opens_as_that_name_from_a_read_only_copy(
        store, mini_ledger, item_ids, sample_file):
    content = b"%PDF-1.4 notice, first stored as an .exe by an older version"
    sha = legacy_blob(store, content, "exe")
    evidence_id = add(store, mini_ledger, item_ids, sample_file("通知.pdf", content))
    [attachment] = evidence.get(store, evidence_id).attachments
    assert attachment.sha256 == sha and len(stored_files(store)) == 1  # one copy per content
    copy = attachment_view.viewing_copy(store, attachment)
    assert copy.name == "通知.pdf" and copy.read_bytes() == content
    assert store.files.root not in copy.parents and attachment_view.viewing_root(store) in copy.parents
    assert not os.stat(copy).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    second = attachment_view.viewing_copy(store, attachment)
    assert second != copy and second.name == "通知.pdf"  # opened again: a fresh copy, no collision


def test_only_document_and_media_types_are_handed_out(store, mini_ledger, item_ids, sample_file):
    sha = legacy_blob(store, b"MZ old executable", "exe")
    evidence_id = add(store, mini_ledger, item_ids, sample_file("数据.dat", b"raw data"))
    evidence_repo_attachment = evidence.get(store, evidence_id).attachments[0]
    with pytest.raises(UserError, match="不直接打开"):
        attachment_view.viewing_copy(store, evidence_repo_attachment)
    with operations.operation(store.db, "旧版本加入的附件") as op:  # as an older version let in
        file_store.add_attachment_row(op, evidence_id, sha, "setup.exe", 17, "")
    legacy = next(a for a in evidence.get(store, evidence_id).attachments if a.sha256 == sha)
    with pytest.raises(UserError, match="不直接打开"):
        attachment_view.viewing_copy(store, legacy)
    assert any("有 1 个附件是可执行文件或脚本" in n and "“佐证”的附件“setup.exe”" in n
               for n in integrity.check(store).notes)
    assert not attachment_view.viewing_root(store).exists() or not any(
        p.is_file() for p in attachment_view.viewing_root(store).rglob("*"))


def test_a_long_name_is_shortened_for_the_copy_keeping_its_type(store, mini_ledger, item_ids, sample_file):
    long_name = "关于" + "Fazhi-" * 20 + "的通知.pdf"  # 125 characters
    evidence_id = add(store, mini_ledger, item_ids, sample_file(long_name))
    [attachment] = evidence.get(store, evidence_id).attachments
    copy = attachment_view.viewing_copy(store, attachment)
    assert len(copy.name) == attachment_view.COPY_NAME_LIMIT and copy.name.startswith("关于Fazhi-")
    assert copy.suffix == ".pdf"


def test_a_new_session_clears_the_copies_of_the_last_one(store, mini_ledger, item_ids, sample_file):
    evidence_id = add(store, mini_ledger, item_ids, sample_file("通知.pdf"))
    [attachment] = evidence.get(store, evidence_id).attachments
    earlier = attachment_view.viewing_copy(store, attachment)
    attachment_view._sessions.clear()  # the program was closed and started again
    later = attachment_view.viewing_copy(store, attachment)
    assert later.exists() and not earlier.exists() and not earlier.parent.parent.exists()


def test_the_viewing_copy_uses_the_file_under_either_layout(store, mini_ledger, item_ids, sample_file):
    evidence_id = add(store, mini_ledger, item_ids, sample_file("通知.pdf", b"%PDF moved"))
    [attachment] = evidence.get(store, evidence_id).attachments
    [path] = stored_files(store)
    os.replace(path, path.with_name(attachment.sha256))  # the row says <sha>.pdf, the file is bare <sha>
    assert attachment_view.viewing_copy(store, attachment).read_bytes() == b"%PDF moved"
    assert integrity.check(store).ok


def fail_on_second_copy(monkeypatch, error):
    real_put = FileStore.put
    calls = []

    def put(self, source, name):
        calls.append(name)
        if len(calls) == 2:
            raise error
        return real_put(self, source, name)

    monkeypatch.setattr(FileStore, "put", put)


def test_a_full_disk_while_copying_says_so_and_leaves_nothing(store, mini_ledger, item_ids, sample_file,
                                                              monkeypatch):
    fail_on_second_copy(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(UserError, match="磁盘空间不足"):
        add(store, mini_ledger, item_ids, sample_file("一.pdf", b"%PDF 1"), sample_file("二.pdf", b"%PDF 2"))
    assert stored_files(store) == []  # the first file's copy went to the trash
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_a_full_database_after_copying_says_so_and_leaves_nothing(store, mini_ledger, item_ids, sample_file,
                                                                  monkeypatch):
    keep = add(store, mini_ledger, item_ids, sample_file("已有.pdf", b"%PDF kept"))

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(evidence_repo, "create", full)
    with pytest.raises(UserError, match="磁盘空间不足"):
        add(store, mini_ledger, item_ids, sample_file("新.pdf", b"%PDF new"), sample_file("已有副本.pdf", b"%PDF kept"))
    assert [p.name.split(".")[0] for p in stored_files(store)] == [
        evidence.get(store, keep).attachments[0].sha256]  # the file an entry uses stays
    assert integrity.check(store).ok


def age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_check_moves_files_no_entry_uses_to_the_trash(store, mini_ledger, item_ids, sample_file):
    used = add(store, mini_ledger, item_ids, sample_file("通知.pdf", b"%PDF used"))
    [used_file] = stored_files(store)
    sha = evidence.get(store, used).attachments[0].sha256
    left = store.files.put(sample_file("失败.pdf", b"%PDF a failed save"), "失败.pdf")  # no row: a failed save
    orphan = store.files.path_for(left[2])
    second_name = used_file.with_name(sha)  # the same content under a second name
    second_name.write_bytes(b"%PDF used")
    staging = store.files.put(sample_file("保存中.pdf", b"%PDF being saved now"), "保存中.pdf")
    interrupted = store.files.root / ".incoming-x1y2"
    interrupted.write_bytes(b"half a cop")
    for path in (orphan, second_name, interrupted, used_file):
        age(path, 2 * 3600)

    report = integrity.check(store)
    assert report.ok
    assert any("3 个文件没有任何佐证使用" in note for note in report.notes), report.notes
    assert any("1 个刚写入" in note for note in report.notes), report.notes
    assert stored_files(store) == sorted([used_file, store.files.path_for(staging[2])])
    assert sorted(p.name for p in store.files.trash.iterdir()) == sorted([orphan.name, second_name.name])
    assert not interrupted.exists()
    assert integrity.check(store).notes == [n for n in report.notes if "刚写入" in n]  # nothing more to move


def test_a_file_taken_up_by_a_save_is_not_swept(store, mini_ledger, item_ids, sample_file):
    left = store.files.put(sample_file("旧.pdf", b"%PDF old orphan"), "旧.pdf")
    age(store.files.path_for(left[2]), 2 * 3600)
    add(store, mini_ledger, item_ids, sample_file("同样内容.pdf", b"%PDF old orphan"))  # reuses that file
    assert integrity.sweep_store(store) == (0, 0)
    assert integrity.check(store).ok and len(stored_files(store)) == 1


def test_files_an_older_version_named_as_executables_are_renamed_and_backups_still_find_them(
        store, mini_ledger, item_ids, sample_file):
    from datetime import datetime

    from desktop.services import backup, restore
    from desktop.store.store import Store

    content = b"%PDF-1.4 first arrived as evil.exe. under an older version"
    sha = legacy_blob(store, content, "exe")
    evidence_id = add(store, mini_ledger, item_ids, sample_file("通知.pdf", content))
    trashed = legacy_blob(store, b"MZ deleted long ago", "bat")
    store.files.remove(f"{trashed}.bat")
    store.db.execute("DELETE FROM blob WHERE sha256 = ?", [trashed])
    saved = backup.make_backup(store, "手动", now=datetime(2025, 12, 1, 9, 0))  # it names <sha>.exe
    integrity.sweep_store(store)
    names = {p.name for p in store.files.root.rglob("*") if p.is_file()}
    assert names == {sha, trashed}  # in files/ and in the trash: nothing ends in .exe or .bat
    assert file_store.blob_for(store.db, sha)["stored_name"] == sha
    assert integrity.check(store).ok
    data = store.data
    report = restore.restore(store, saved.path)
    assert report.missing_files == []
    with Store(data) as reopened:
        [attachment] = evidence.get(reopened, evidence_id).attachments
        assert attachment_view.viewing_copy(reopened, attachment).read_bytes() == content
        assert integrity.check(reopened).ok


def test_check_goes_on_when_the_store_cannot_be_tidied(store, mini_ledger, item_ids, sample_file, monkeypatch):
    add(store, mini_ledger, item_ids, sample_file("通知.pdf"))

    def read_only(*args):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(file_store, "neutralise_names", read_only)
    report = integrity.check(store)
    assert report.ok and report.files_checked == 1
    assert report.notes == ["附件库中未使用的文件这次未能整理（数据文件夹不可写入或被占用），下次检查或启动时再试"]
