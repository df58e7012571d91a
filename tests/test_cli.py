"""The command line as an officer or a script uses it (runs the real entry point)."""

import subprocess
import sys
from pathlib import Path

import openpyxl

from desktop.app import main

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
