"""Register rows from Excel: 5,000 行政执法案件 into the demo ledger (built-in checklist, its rules link each
case to its items), checked, backed up and added as one operation (the backup alone is timed too, for comparison).

python -m benchmarks.register_import_bench [ROWS]
"""

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2025, 12, 1)
HEADER = ["案件编号", "执法类别", "案由", "当事人", "立案日期", "决定日期", "罚没金额(元)"]


def _cases_sheet(path: Path, rows: int) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("行政执法案件台账")
    sheet.write_row(0, 0, HEADER)
    for n in range(rows):
        sheet.write_row(n + 1, 0, [f"综执罚〔2025〕{n + 1}号", "处罚", f"占道经营案{n}", f"当事人{n}",
                                   "2025-03-01", "2025-03-20", 200])
    book.close()
    return path


def measure(rows: int) -> dict:
    from desktop.domain import registers as rules
    from desktop.services import backup, demo, register_import
    from desktop.store.store import Store

    with tempfile.TemporaryDirectory() as temp, Store(Path(temp) / "data") as store:
        ledger_id = demo.create_demo_ledger(store, "基准镇", 2025, TODAY).result
        path = _cases_sheet(Path(temp) / "案件.xlsx", rows)
        start = time.perf_counter()
        backup.make_backup(store, "导入前")
        backup_s = time.perf_counter() - start
        start = time.perf_counter()
        changes = register_import.import_file(store, rules.CASE, ledger_id, path, today=TODAY)
        total_s = time.perf_counter() - start
        assert changes.result == rows, changes.result
        return {"rows": rows, "import_s": round(total_s, 2), "per_1000_rows_s": round(total_s * 1000 / rows, 2),
                "backup_s": round(backup_s, 2)}


def main() -> None:
    print(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))


if __name__ == "__main__":
    main()
