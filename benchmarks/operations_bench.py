"""Operations on the large benchmark ledger, at the service level (the call, without the repaint):
saving one item, its undo, and one operation over 100 items (set 责任人) with its undo.

python -m benchmarks.generate DIR && python -m benchmarks.operations_bench DIR
"""

import statistics
import sys
import time
from pathlib import Path


def _ms(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def measure(data_dir: Path, rounds: int = 20) -> dict:
    from desktop.services import ledgers, undo
    from desktop.store.store import Store

    with Store(data_dir) as store:
        ledger_id = ledgers.list_ledgers(store)[0].id
        items = [i for i in ledgers.load_view(store, ledger_id).items if i.level == "item"]
        heavy = next(i for i in items if i.code == "1.1")
        save, back = [], []
        for n in range(rounds):
            took, done = _ms(lambda n=n: ledgers.update_item(store, heavy.id, {"remark": f"第{n}次", "owner": f"王{n}"}))
            save.append(took)
            took, _ = _ms(lambda done=done: undo.undo(store, done.op_id))
            back.append(took)
        hundred = [i.id for i in items[:100]]
        bulk, bulk_undo = [], []
        for n in range(max(rounds // 4, 3)):
            took, done = _ms(lambda n=n: ledgers.set_items_field(store, hundred, "owner", f"李{n}"))
            assert done.result == 100
            bulk.append(took)
            took, _ = _ms(lambda done=done: undo.undo(store, done.op_id))
            bulk_undo.append(took)
    return {"save_item_ms": statistics.median(save), "undo_save_ms": statistics.median(back),
            "set_owner_100_items_ms": statistics.median(bulk), "undo_set_owner_100_ms": statistics.median(bulk_undo)}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for key, value in measure(Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/out/large")).items():
        print(f"{key}: {value:.1f}")
