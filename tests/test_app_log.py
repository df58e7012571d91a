"""The program's log: where it goes, what the CLI writes into it, and what the officer is told."""

import tempfile

import pytest

from desktop.app import main
from desktop.services import app_log
from tests.mounts import full_folder, read_only_folder


@pytest.fixture(autouse=True)
def fresh_log():
    app_log.close()
    yield
    app_log.close()


def test_an_unexpected_cli_error_names_the_log_file_which_holds_the_traceback(tmp_path, capsys, monkeypatch):
    from desktop.services import integrity

    def broken(_store):
        raise RuntimeError("程序缺陷")

    monkeypatch.setattr(integrity, "check", broken)
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "check"]) == 2
    err = capsys.readouterr().err
    log_file = data / "logs" / "fazhi.log"
    assert err.strip() == f"错误：{app_log.unexpected_text(log_file)}"
    assert str(log_file) in err and "Traceback" not in err
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: 程序缺陷" in text
    assert "命令 check 开始" in text and str(data) in text


def test_the_cli_logs_start_version_and_refusals(tmp_path, capsys):
    from desktop import __version__

    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "export", "xlsx", "--year", "2031", "--out", str(tmp_path / "x.xlsx")]) == 2
    text = (data / "logs" / "fazhi.log").read_text(encoding="utf-8")
    assert f"版本 {__version__}" in text and "命令 export 开始" in text
    assert "ERROR" in text and "没有找到 2031 年度台账" in text
    assert main(["--data-dir", str(data), "check"]) == 0
    assert "命令 check 结束，退出码 0" in (data / "logs" / "fazhi.log").read_text(encoding="utf-8")


def test_the_log_rotates_at_its_size_and_keeps_five_old_files(tmp_path, monkeypatch):
    monkeypatch.setattr(app_log, "MAX_BYTES", 2000)
    path = app_log.setup_logging(tmp_path)
    for n in range(400):
        app_log.log.info("第 %s 行", n)
    old = sorted(p.name for p in path.parent.iterdir())
    assert old == ["fazhi.log", *[f"fazhi.log.{n}" for n in range(1, 6)]]
    assert all(p.stat().st_size <= 2200 for p in path.parent.iterdir())


def test_a_read_only_data_folder_logs_to_the_temp_folder(tmp_path):
    with read_only_folder(tmp_path / "ro"):
        path = app_log.setup_logging(tmp_path / "ro")
        app_log.log.error("写入测试")
        assert path.parent == app_log.Path(tempfile.gettempdir()) / app_log.FALLBACK_FOLDER
        assert "写入测试" in path.read_text(encoding="utf-8")


def test_a_full_disk_logs_to_the_temp_folder(tmp_path):
    with full_folder(tmp_path / "full"):
        path = app_log.setup_logging(tmp_path / "full")
        assert path.parent == app_log.Path(tempfile.gettempdir()) / app_log.FALLBACK_FOLDER


def test_the_window_logs_its_start_stop_and_qt_warnings_and_opens_the_file_after_the_first_paint(tmp_path):
    """The real program: the log holds start, version, data folder, Qt's own warnings (offscreen warns about
    size hints) and the exit; logging.handlers (~20 ms) is not loaded before the first paint."""
    from desktop import __version__
    from tests.first_paint import at_first_paint

    assert at_first_paint(tmp_path, "'logging.handlers' in sys.modules") == "False"
    text = (tmp_path / "logs" / "fazhi.log").read_text(encoding="utf-8")
    assert f"窗口启动：版本 {__version__}，数据目录 {tmp_path}" in text
    assert "WARNING desktop.qt: This plugin does not support propagateSizeHints()" in text
    assert "窗口关闭，退出码 0" in text


def test_windows_disk_errors_read_as_write_protected_and_full(tmp_path):
    from desktop.services.instance_lock import folder_error_text

    protected = OSError(13, "The media is write protected")
    protected.winerror = 19
    full = OSError(28, "There is not enough space on the disk")
    full.winerror = 112
    assert "磁盘是只读的" in folder_error_text(tmp_path, protected)
    assert "磁盘空间不足" in folder_error_text(tmp_path, full)


def test_ctrl_c_in_a_command_stops_without_a_traceback(tmp_path, capsys, monkeypatch):
    from desktop.services import integrity

    def interrupted(_store):
        raise KeyboardInterrupt

    monkeypatch.setattr(integrity, "check", interrupted)
    assert main(["--data-dir", str(tmp_path), "check"]) == 130
    assert capsys.readouterr().err.strip() == "已中断。"
