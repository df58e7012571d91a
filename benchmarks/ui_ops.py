"""Edits in the window on the large benchmark ledger, from the call to the repainted row: saving an item, its
undo (Ctrl+Z), and one operation over 100 items (set 责任人) with its undo. The writes run on the window's
writer thread, as the officer's do.

python -m benchmarks.generate DIR && python -m benchmarks.ui_ops DIR   (benchmarks.run runs it too)
"""

import os
import statistics
import sys
import time
from pathlib import Path


def _repainted_ms(app, window, action, item_id: int) -> float:
    """action, then the item's row painted (what Qt's next paint pass does for the row that changed)."""
    start = time.perf_counter()
    action()
    tree = window.tree
    rect = tree.visualRect(window.model.index_of(item_id))
    tree.viewport().repaint(0, rect.top(), tree.viewport().width(), rect.height())
    took = (time.perf_counter() - start) * 1000
    app.processEvents()
    return took


def measure(window, app, rounds: int = 20) -> dict:
    from desktop.services import ledgers

    heavy = next(i for i in window.view.items if i.code == "1.1")
    window.tabs.setCurrentIndex(0)
    window.select_item(heavy.id)
    app.processEvents()
    save, back = [], []
    for n in range(rounds):
        fields = {"remark": f"第{n}次", "owner": f"王{n}"}
        save.append(_repainted_ms(app, window, lambda f=fields: window.save_item(heavy.id, f, {}), heavy.id))
        back.append(_repainted_ms(app, window, window.undo_stack.undo, heavy.id))
    hundred = [i.id for i in window.view.items if i.level == "item"][:100]
    bulk, bulk_back = [], []
    for n in range(max(rounds // 4, 3)):
        bulk.append(_repainted_ms(app, window, lambda n=n: window.perform(
            lambda s: ledgers.set_items_field(s, hundred, "owner", f"李{n}")), heavy.id))
        assert window.undo_stack.undoText().startswith("批量设置 100 项")
        bulk_back.append(_repainted_ms(app, window, window.undo_stack.undo, heavy.id))
    return {"ui_save_item_ms": statistics.median(save), "ui_undo_save_ms": statistics.median(back),
            "ui_set_owner_100_items_ms": statistics.median(bulk),
            "ui_undo_set_owner_100_ms": statistics.median(bulk_back)}


GOALS = {"ui_save_item_ms": 15, "ui_undo_save_ms": 15, "ui_set_owner_100_items_ms": 150}  # as in benchmarks.run


def run(data_dir: Path, rounds: int = 20) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.store.store import Store
    from desktop.ui.application import create_app
    from desktop.ui.main_window import MainWindow

    app = create_app()
    with Store(data_dir) as store:
        window = MainWindow(store)
        window.show()
        for _ in range(20):
            app.processEvents()
        window.runner.wait()
        app.processEvents()
        try:
            return measure(window, app, rounds)
        finally:
            window.close()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for key, value in run(Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/out/large")).items():
        goal = GOALS.get(key)
        print(f"{key}: {value:.1f}" + ("" if goal is None else f"  (goal ≤ {goal})"))
