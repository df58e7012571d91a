"""`fazhi --self-test` starts the real window; a portable program in a folder it cannot write says so."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import app, paths
from desktop.domain.errors import UserError
from tests.gui_helpers import accept_message, when_modal

ROOT = Path(__file__).resolve().parent.parent


def _self_test(env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "desktop", "--self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_self_test_paints_the_main_window():
    done = _self_test()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ 主窗口在 offscreen 平台绘出首屏" in done.stdout
    assert "✓ 图片格式 png、jpeg，Qt 对话框中文翻译，打印支持" in done.stdout
    assert done.stdout.rstrip().endswith("自检通过")


def test_self_test_fails_when_the_window_cannot_start(tmp_path):
    # a bundle without Qt: the services steps pass, the window's start fails and the self-test says so
    fake = tmp_path / "PySide6"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('Qt is missing from this bundle')\n", encoding="utf-8")
    done = _self_test({"PYTHONPATH": str(tmp_path)})
    assert done.returncode == 1
    assert "✓ 导出并读回 Excel 进度表" in done.stdout
    assert "✗ 自检失败：AssertionError: 主窗口没有在 offscreen 平台绘出首屏（退出码 2）" in done.stdout
    assert "Qt is missing from this bundle" in done.stdout
    assert "自检通过" not in done.stdout


@pytest.fixture
def read_only_portable(tmp_path, monkeypatch):
    """A program folder with the portable marker where data/ cannot be made (a file of that name stands in for
    a read-only folder: root, which runs the tests here, writes into read-only folders)."""
    program = tmp_path / "程序 文件夹"
    program.mkdir()
    (program / paths.PORTABLE_MARKER).write_bytes(b"")
    (program / "data").write_bytes(b"")
    monkeypatch.setattr(paths, "program_dir", lambda: program)
    return program


def test_portable_mode_keeps_data_beside_the_program(tmp_path, monkeypatch):
    (tmp_path / paths.PORTABLE_MARKER).write_bytes(b"")
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    assert paths.default_data_dir() == tmp_path / "data"
    assert (tmp_path / "data").is_dir()


def test_read_only_portable_folder_is_refused_in_chinese(read_only_portable):
    with pytest.raises(UserError) as caught:
        paths.default_data_dir()
    assert f"程序文件夹 {read_only_portable} 里有 portable 文件" in str(caught.value)
    assert "请把整个程序文件夹复制到可以写入的位置" in str(caught.value)


def test_read_only_portable_folder_command_exits_with_the_message(read_only_portable, capsys):
    assert app.main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"错误：程序文件夹 {read_only_portable} 里有 portable 文件")
    assert "Traceback" not in err


def test_read_only_portable_folder_window_shows_the_message(qtbot, read_only_portable):
    seen = []
    when_modal(accept_message(seen))
    assert app.main([]) == 2
    assert len(seen) == 1 and seen[0].startswith(f"程序文件夹 {read_only_portable} 里有 portable 文件")


def test_the_read_back_compares_the_workbook_with_the_snapshot(store, mini_ledger, item_ids, sample_file, tmp_path):
    import hashlib
    from datetime import date

    from desktop.services import evidence, ledgers, self_test, snapshot
    from desktop.services.export_xlsx import write_workbook
    from desktop.services.xlsx_sheets import Steps
    from tests.conftest import TODAY
    from tests.test_export_xlsx import give_uids

    source = sample_file("纪要.pdf")
    evidence.add(store, mini_ledger, title="纪要", kind="其他", formed_on=date(2025, 6, 1),
                 item_ids=[item_ids["1.1"]], files=[source])
    give_uids(store)
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    out = write_workbook(snapshot.take(store, mini_ledger, TODAY), None, tmp_path / "a.xlsx", Steps(1))
    self_test._verify_export(out, snapshot.take(store, mini_ledger, TODAY), sha)
    with pytest.raises(AssertionError, match="SHA-256"):
        self_test._verify_export(out, snapshot.take(store, mini_ledger, TODAY), "f" * 64)
    ledgers.update_item(store, item_ids["5.6.1"], {"progress": "已完成"})
    with pytest.raises(AssertionError, match="条目 5.6.1 的进度或落实结果与台账不一致"):
        self_test._verify_export(out, snapshot.take(store, mini_ledger, TODAY), sha)
