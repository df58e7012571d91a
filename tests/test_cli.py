"""The command line as an officer or a script uses it (runs the real entry point)."""

import contextlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from desktop.app import main
from desktop.domain.errors import UserError
from desktop.services import ledgers
from desktop.store.store import Store

ROOT = Path(__file__).resolve().parent.parent


def test_demo_then_export_then_check(tmp_path, capsys):
    data = tmp_path / "数据"
    assert main(["--data-dir", str(data), "demo", "--year", "2025"]) == 0
    assert "已建立演示台账" in capsys.readouterr().out
    out = tmp_path / "导出" / "台账.xlsx"
    out.parent.mkdir()
    assert main(["--data-dir", str(data), "export", "xlsx", "--year", "2025", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:5] == ["封面", "汇总", "任务清单", "佐证材料目录", "未完成事项"]
    titles = [r[2] for r in book["佐证材料目录"].iter_rows(min_row=2, values_only=True)]
    assert "法治专题讲座（民法典与基层治理）签到表" in titles
    assert main(["--data-dir", str(data), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_check_reports_a_changed_attachment_in_chinese(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--year", "2025"]) == 0
    stored = next(p for p in (data / "files").rglob("*") if p.is_file())
    stored.write_bytes(b"tampered")
    assert main(["--data-dir", str(data), "check"]) == 1
    assert "校验值不一致" in capsys.readouterr().out


def test_export_of_a_missing_year_says_so(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "d"), "export", "xlsx", "--year", "2031",
                 "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "没有找到 2031 年度台账" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_self_test_passes_in_a_fresh_process():
    result = subprocess.run([sys.executable, "-m", "desktop", "--self-test"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "自检通过" in result.stdout


def _demo_process(data):
    return subprocess.Popen([sys.executable, "-m", "desktop", "--data-dir", str(data), "demo", "--year", "2025"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_demos_at_once_one_wins_the_other_is_told_it_exists(tmp_path):
    """The issue: both reported creating ledger 8, with 21 adviser service rows, 9 without a change-log row
    (a fresh folder also raced the migration: "table template already exists")."""
    for round_ in range(2):
        data = tmp_path / f"数据{round_}"
        procs = [_demo_process(data) for _ in range(2)]
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
        codes = sorted(code for code, _, _ in results)
        errors = "".join(err for _, _, err in results)
        assert codes == [0, 2], errors
        assert "已经存在" in errors and "Traceback" not in errors
        conn = sqlite3.connect(data / "taizhang.sqlite")
        assert conn.execute("SELECT count(*) FROM ledger").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM adviser_service").fetchone()[0] == 12
        assert conn.execute("SELECT count(*) FROM adviser_service s WHERE NOT EXISTS (SELECT 1 FROM change_log c "
                            "WHERE c.entity = 'adviser_service' AND c.entity_id = s.id)").fetchone()[0] == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


def test_a_demo_that_fails_half_way_leaves_no_row(tmp_path, capsys, monkeypatch):
    from desktop.services import demo, registers

    data = tmp_path / "数据"
    real_add = registers.add

    def full_disk_at_the_tenth(*args, **kwargs):
        if len(calls) == 9:
            raise UserError("磁盘空间不足")
        calls.append(1)
        return real_add(*args, **kwargs)

    calls = []
    monkeypatch.setattr(demo.registers, "add", full_disk_at_the_tenth)
    assert main(["--data-dir", str(data), "demo", "--year", "2025"]) == 2
    assert "磁盘空间不足" in capsys.readouterr().err
    conn = sqlite3.connect(data / "taizhang.sqlite")
    for table in ("unit", "ledger", "ledger_item", "evidence", "legality_review", "adviser_service", "change_log"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    conn.close()
    assert _files_outside_the_trash(data) == []


def _files_outside_the_trash(data):
    return [p for p in (data / "files").rglob("*") if p.is_file() and ".trash" not in p.parts]


# ----- never a traceback: argparse in Chinese, expected failures as one Chinese sentence and exit code 2

ARGPARSE_ENGLISH = ("usage", "positional arguments", "options:", "show this help", "invalid choice", "required",
                    "error:", "argument", "expected")
DEFAULT_METAVARS = ("DATA_DIR", "YEAR", "OUT", "FILE", "UNIT", "REASON", "TO", "{xlsx}")


def _english_of_argparse(text: str) -> list[str]:
    return [w for w in ARGPARSE_ENGLISH if w in text.lower()] + [w for w in DEFAULT_METAVARS if w in text]


def _run(*args):
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("args", [["-h"], ["export", "-h"], ["demo", "-h"], ["backup", "-h"], ["restore", "-h"],
                                  ["lock", "-h"], ["unlock", "-h"], ["check", "-h"]])
def test_help_is_chinese_with_a_text_for_every_option(args):
    result = _run(*args)
    assert result.returncode == 0
    assert "用法：fazhi" in result.stdout
    assert not _english_of_argparse(result.stdout), result.stdout
    options = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ") and line.split()]
    for line in result.stdout.splitlines():  # every option and argument line carries its help text
        if line.startswith("  -") or line.startswith("  格式") or line.startswith("  备份文件"):
            assert len(line.split()) >= 2 and any("\u4e00" <= ch <= "\u9fff" for ch in line.split(None, 2)[-1]), line
    assert options


@pytest.mark.parametrize("args, expected", [
    (["export", "pdf", "--year", "2025", "--out", "x.pdf"], "无效的选择：'pdf'"),
    (["export", "xlsx"], "缺少必填的参数：--year, --out"),
    (["demo", "--year", "明年"], "不是年度"),
    (["bogus"], "无效的选择：'bogus'"),
    (["--data-dir"], "需要一个值"),
])
def test_a_mistake_on_the_command_line_is_told_in_chinese(args, expected):
    result = _run(*args)
    assert result.returncode == 2
    assert expected in result.stderr and "错误：" in result.stderr and "-h" in result.stderr
    assert not _english_of_argparse(result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_a_data_dir_that_is_a_file_is_told_in_chinese(tmp_path):
    afile = tmp_path / "台账.docx"
    afile.write_bytes(b"not a folder")
    for where in (afile, afile / "子目录"):
        result = _run("--data-dir", str(where), "check")
        assert result.returncode == 2, result.stderr
        assert f"{afile} 是一个文件，不是文件夹" in result.stderr and "--data-dir" in result.stderr
        assert "Traceback" not in result.stderr
    assert afile.read_bytes() == b"not a folder"


@pytest.fixture
def tiny_disk(tmp_path):
    """A real small tmpfs (root may mount here); the test is skipped where mounting is not allowed."""
    mounted = []

    def mount(size_k: int):
        point = tmp_path / f"盘{len(mounted)}"
        point.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_k}k", "tmpfs", str(point)],
                                capture_output=True)
        if result.returncode:
            pytest.skip("mounting a tmpfs is not allowed here")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _remount_read_only(point):
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)


def test_a_full_disk_during_demo_is_told_in_chinese_and_leaves_no_row(tiny_disk):
    disk = tiny_disk(400)
    result = _run("--data-dir", str(disk / "数据"), "demo", "--year", "2025")
    assert result.returncode == 2, result.stderr
    assert "磁盘空间不足" in result.stderr and "Traceback" not in result.stderr
    conn = sqlite3.connect(disk / "数据" / "taizhang.sqlite")
    assert conn.execute("SELECT count(*) FROM ledger").fetchone()[0] == 0
    conn.close()
    assert _files_outside_the_trash(disk / "数据") == []


def test_a_read_only_disk_is_told_in_chinese(tiny_disk):
    disk = tiny_disk(4096)
    assert _run("--data-dir", str(disk / "数据"), "demo", "--year", "2025").returncode == 0
    _remount_read_only(disk)
    for args in (["--data-dir", str(disk / "新文件夹"), "check"],
                 ["--data-dir", str(disk / "数据"), "demo", "--year", "2024"],
                 ["--data-dir", str(disk / "数据"), "backup"]):
        result = _run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert "只读" in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)


@pytest.mark.parametrize("nearly_full, expected", [(True, "磁盘空间不足"), (False, "磁盘出错")])
def test_a_disk_io_error_reads_as_full_disk_when_the_disk_is_full(tmp_path, capsys, monkeypatch, nearly_full,
                                                                  expected):
    from desktop.services import demo
    from desktop.store import failures

    def io_error(*args, **kwargs):
        exc = sqlite3.OperationalError("disk I/O error")
        exc.sqlite_errorcode = 10 | (4 << 8)  # SQLITE_IOERR_WRITE
        raise exc

    monkeypatch.setattr(demo, "create_demo_ledger", io_error)
    monkeypatch.setattr(failures, "disk_is_nearly_full", lambda path: nearly_full)
    assert main(["--data-dir", str(tmp_path / "数据"), "demo"]) == 2
    err = capsys.readouterr().err
    assert expected in err and "disk I/O" not in err


def test_demo_refuses_a_folder_with_real_ledgers(tmp_path, capsys, mini_template_id, store):
    ledgers.create_ledger(store, "青山镇人民政府", 2025, mini_template_id)
    root = store.data.root
    store.close()
    assert main(["--data-dir", str(root), "demo", "--year", "2025"]) == 2
    err = capsys.readouterr().err
    assert "已有正式台账" in err and "青山镇人民政府" in err and "--data-dir" in err
    with Store(root) as again:
        assert [lg.unit_name for lg in ledgers.list_ledgers(again)] == ["青山镇人民政府"]
    assert main(["--data-dir", str(root), "demo", "--year", "2025", "--add-to-real-data"]) == 0


# --- fazhi ledger new / fazhi templates (issue 11 §2) ---------------------------------------------------

def test_ledger_new_uses_the_builtin_version_for_its_year(tmp_path, capsys):
    data = str(tmp_path / "数据")
    assert main(["--data-dir", data, "ledger", "new", "--unit", "青山镇人民政府", "--year", "2026"]) == 0
    assert "任务清单：法治政府建设乡镇（街道）任务清单（2026年起）（版本 2026.1）" in capsys.readouterr().out
    assert main(["--data-dir", data, "ledger", "new", "--unit", "青山镇人民政府", "--year", "2025"]) == 0
    assert "（版本 2025.2）" in capsys.readouterr().out
    with Store(Path(data)) as store:
        made = {lg.year: lg.template_name for lg in ledgers.list_ledgers(store)}
    assert made == {2026: "法治政府建设乡镇（街道）任务清单（2026年起）",
                    2025: "法治政府建设实施纲要（2021－2025年）乡镇（街道）任务清单"}


def test_ledger_new_with_another_template_warns_outside_its_years(tmp_path, capsys):
    data = str(tmp_path / "数据")
    assert main(["--data-dir", data, "ledger", "new", "--unit", "河口镇", "--year", "2027", "--template", "2025.2"]) == 0
    out = capsys.readouterr().out
    assert "（版本 2025.2）" in out and "注意：2027 年度不在该清单的适用年度（2021－2025年度）之内。" in out
    assert main(["--data-dir", data, "ledger", "new", "--unit", "河口镇", "--year", "2028", "--template", "9.9"]) == 2
    assert "没有版本为“9.9”的清单" in capsys.readouterr().err


def test_templates_lists_installed_and_builtin_versions_with_their_years(tmp_path, capsys):
    data = str(tmp_path / "数据")
    assert main(["--data-dir", data, "templates"]) == 0
    out = capsys.readouterr().out
    assert "gangyao-2021-2025-township:2025.2" in out and "适用 2021－2025年度（内置，尚未安装）" in out
    assert "gangyao-2021-2025-township:2026.1" in out and "适用 2026年度起（内置，尚未安装）" in out
    main(["--data-dir", data, "ledger", "new", "--unit", "青山镇", "--year", "2026"])
    capsys.readouterr()
    main(["--data-dir", data, "templates"])
    assert "适用 2026年度起（已安装，内置）" in capsys.readouterr().out


def test_ledger_new_from_a_template_file(tmp_path, capsys):
    import yaml

    from desktop.services import templates

    data = yaml.safe_load(templates.builtin_template_path().read_text(encoding="utf-8"))
    data.update(key="district", version="7", name="某区乡镇任务清单", years={"first": 2026})
    source = tmp_path / "区级清单.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    data_dir = str(tmp_path / "数据")
    assert main(["--data-dir", data_dir, "ledger", "new", "--unit", "青山镇", "--year", "2026",
                 "--template", str(source)]) == 0
    assert "任务清单：某区乡镇任务清单（版本 7）" in capsys.readouterr().out
    assert main(["--data-dir", data_dir, "templates"]) == 0
    assert "district:7  某区乡镇任务清单\n    适用 2026年度起（已安装）" in capsys.readouterr().out


def test_an_export_never_replaces_the_database_backups_or_attachments(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--year", "2025"]) == 0
    backup_dir = data / "backups"
    assert main(["--data-dir", str(data), "backup"]) == 0
    kept = {p: p.read_bytes() for p in [data / "taizhang.sqlite", *backup_dir.iterdir(),
                                        *(p for p in (data / "files").rglob("*") if p.is_file())]}
    capsys.readouterr()
    for kind, target in [("xlsx", data / "taizhang.sqlite"), ("report", next(backup_dir.iterdir())),
                         ("binder", next(p for p in (data / "files").rglob("*") if p.is_file())),
                         ("enforcement-stats", data / "新文件.xlsx")]:
        assert main(["--data-dir", str(data), "export", kind, "--year", "2025", "--out", str(target)]) == 2
        assert "不能导出到程序的数据文件夹" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in kept} == kept and not (data / "新文件.xlsx").exists()
    assert main(["--data-dir", str(data), "export", "xlsx", "--year", "2025", "--out", str(tmp_path)]) == 2
    assert "是一个文件夹，请给出导出文件的名称" in capsys.readouterr().err
    inside = data / "exports" / "进度表.xlsx"  # the data folder's own exports/ folder is for exports
    assert main(["--data-dir", str(data), "export", "xlsx", "--year", "2025", "--out", str(inside)]) == 0
    assert openpyxl.load_workbook(inside).sheetnames[0] == "封面"


def test_an_export_that_fails_half_way_prints_its_error_on_a_line_of_its_own(tmp_path, capsys, monkeypatch):
    from desktop.services import export_xlsx

    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--year", "2025"]) == 0

    def fails(store, ledger_id, out, *, progress=None, **_):
        progress(1, 3)
        raise UserError("磁盘已满")

    monkeypatch.setattr(export_xlsx, "export_progress_workbook", fails)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "export", "xlsx", "--year", "2025", "--out", str(tmp_path / "a.xlsx")]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "错误：磁盘已满"


def test_a_full_disk_during_an_export_leaves_nothing_and_no_traceback(tiny_disk, tmp_path):
    data = tmp_path / "数据"
    assert _run("--data-dir", str(data), "demo", "--year", "2025").returncode == 0
    disk = tiny_disk(2048)
    with contextlib.suppress(OSError), open(disk / "filler", "wb") as filler:
        while True:
            filler.write(b"\0" * 4096)
            filler.flush()
    for kind, name, why in [("xlsx", "keep.xlsx", "磁盘空间不足"), ("enforcement-stats", "keep.xlsx", "磁盘空间不足"),
                            ("binder", "keep.zip", "磁盘空间不足"), ("report", "keep.docx", "磁盘空间不足"),
                            ("xlsx", "长" * 84 + ".xlsx", "路径太长")]:  # 257 bytes: too long for the file system
        result = _run("--data-dir", str(data), "export", kind, "--year", "2025", "--out", str(disk / name))
        assert result.returncode == 2 and why in result.stderr, (kind, result.stderr)
        assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, (kind, result.stderr)
        assert [p.name for p in disk.iterdir()] == ["filler"], kind
