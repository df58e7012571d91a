"""The command line as an officer or a script uses it (runs the real entry point)."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl

from desktop.app import main
from desktop.domain.errors import UserError

ROOT = Path(__file__).resolve().parent.parent


def test_demo_then_export_then_check(tmp_path, capsys):
    data = tmp_path / "数据"
    assert main(["--data-dir", str(data), "demo", "--year", "2025"]) == 0
    assert "已建立演示台账" in capsys.readouterr().out
    out = tmp_path / "导出" / "台账.xlsx"
    out.parent.mkdir()
    assert main(["--data-dir", str(data), "export", "xlsx", "--year", "2025", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:4] == ["汇总", "任务清单", "佐证材料目录", "未完成事项"]
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
