"""The layer rules of DESIGN.md, enforced: import-linter contracts plus a plain scan for PySide6 and SQL."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b",
                 re.IGNORECASE)


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_pyside6_is_imported_only_in_ui():
    offenders = [p for p in (ROOT / "desktop").rglob("*.py")
                 if "PySide6" in p.read_text(encoding="utf-8") and "ui" not in p.relative_to(ROOT).parts]
    assert offenders == []


def test_sql_is_written_only_in_store():
    offenders = [str(p) for p in (ROOT / "desktop").rglob("*.py")
                 if p.relative_to(ROOT / "desktop").parts[0] != "store" and SQL.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
