"""Child process for the export benchmark: prints seconds and peak RSS (MiB) as JSON.

python -m benchmarks.export_probe app|xlsxwriter DATA_DIR OUT
"""

import json
import resource
import sys
import time
from pathlib import Path


def xlsxwriter_floor(store, ledger_id: int, out: Path) -> None:
    """The same cells the program writes, with xlsxwriter in constant-memory mode."""
    import xlsxwriter

    from desktop.services import ledgers
    from desktop.store import evidence_repo

    view = ledgers.load_view(store, ledger_id)
    last_dates = ledgers.last_evidence_dates(store, ledger_id)
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = book.add_worksheet("任务清单")
    for row, item in enumerate(view.items):
        sheet.write_row(row, 0, [item.code, item.title, item.obligation, item.department, item.owner,
                                 str(item.due_date or ""), item.progress, item.result, item.evidence_count,
                                 str(last_dates.get(item.id) or ""), item.remark])
    sheet = book.add_worksheet("佐证材料目录")
    for row, r in enumerate(evidence_repo.for_ledger(store.db, ledger_id)):
        sheet.write_row(row, 0, [r["item_code"], r["formed_on"], r["title"], r["kind"],
                                 r["original_name"] or "", r["sha256"] or ""])
    book.close()


def main() -> None:
    mode, data_dir, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    from desktop.services import ledgers
    from desktop.store.store import Store

    with Store(data_dir) as store:
        ledger_id = ledgers.list_ledgers(store)[0].id
        start = time.perf_counter()
        if mode == "app":
            from desktop.services import export_xlsx

            export_xlsx.export_progress_workbook(store, ledger_id, out)
        else:
            xlsxwriter_floor(store, ledger_id, out)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak}))


if __name__ == "__main__":
    main()
