"""Makes docs/screenshots/*.png from a demo ledger: python scripts/screenshot.py [--today YYYY-MM-DD]."""

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--today", type=date.fromisoformat, default=date(2025, 11, 20))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from desktop.services import demo
    from desktop.store.store import Store
    from desktop.ui.application import create_app
    from desktop.ui.main_window import MainWindow

    app = create_app()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "data") as store:
        demo.create_demo_ledger(store, demo.DEMO_UNIT, args.today.year, today=args.today)
        window = MainWindow(store, today=args.today)
        window.resize(1440, 860)
        window.show()
        item = next(i for i in window.view.items if i.code == "10.9")
        for _ in range(20):  # the first paint and what start-up shows after it (the due list, on a worker)
            app.processEvents()
        window.runner.wait()
        app.processEvents()
        shoot(app, window, args.out / "start-up.png")
        window.tabs.setCurrentIndex(0)
        window.tree.expandAll()
        window.select_item(item.id)
        shoot(app, window, args.out / "main-window.png")
        for entity, name in (("legality_review", "register-reviews"), ("enforcement_case", "register-cases")):
            window.show_register(entity)
            shoot(app, window, args.out / f"{name}.png")
        window.tabs.setCurrentWidget(window.due_tab)
        shoot(app, window, args.out / "due.png")
        window.close()
    QApplication.processEvents()
    return 0


def shoot(app, window, path: Path) -> None:
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(path))
    print(path)


if __name__ == "__main__":
    sys.exit(main())
