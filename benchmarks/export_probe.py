"""Child process for the export benchmark: prints seconds and peak RSS (MiB) as JSON.

python -m benchmarks.export_probe app|xlsxwriter DATA_DIR OUT
"""

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path


def xlsxwriter_floor(store, ledger_id: int, out: Path) -> None:
    """The cells the program writes in its large sheets (任务清单, 佐证材料目录, 未完成事项: 15, 8 and 8 columns,
    the uid included; dates as dates), read with plain queries and written with XlsxWriter in constant-memory
    mode, no styles (so no bordered blank cells, no row heights, no drop-down lists)."""
    import xlsxwriter

    from desktop.services import ledgers
    from desktop.store import evidence_repo

    view = ledgers.load_view(store, ledger_id)
    last_dates = ledgers.last_evidence_dates(store, ledger_id)
    uids = dict(store.db.execute("SELECT id, uid FROM ledger_item WHERE ledger_id = ?", [ledger_id]))
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = book.add_worksheet("任务清单")
    items = [i for i in view.items if i.level != "part"]
    for row, item in enumerate(items):
        sheet.write_row(row, 0, [item.code, "部分", item.title, item.obligation, item.department, item.owner,
                                 item.due_date or "", item.progress, item.result, item.na_reason,
                                 item.evidence_count, last_dates.get(item.id) or "", "", item.remark,
                                 uids.get(item.id) or ""])
    sheet = book.add_worksheet("佐证材料目录")
    for row, r in enumerate(evidence_repo.for_ledger(store.db, ledger_id)):
        sheet.write_row(row, 0, [r["item_code"], date.fromisoformat(r["formed_on"]), r["title"], r["kind"],
                                 r["original_name"] or "", "佐证材料", r["sha256"] or "", str(r["evidence_id"])])
    sheet = book.add_worksheet("未完成事项")
    for row, item in enumerate(i for i in items if i.progress != "已完成"):
        sheet.write_row(row, 0, [item.code, item.title, item.department, item.owner, item.due_date or "",
                                 item.progress, "", uids.get(item.id) or ""])
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
