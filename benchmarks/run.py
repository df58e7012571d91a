"""Benchmarks as ratios against floors measured in the same run (noisy VMs: compare within a run).

python -m benchmarks.run [--rounds N]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
# As shipped (pip or PyInstaller), modules run from compiled bytecode: compile once, and let the probes use it
# even where the environment says PYTHONDONTWRITEBYTECODE.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), "PYTHONPATH": str(ROOT)}


def startup_seconds(mode: str, data_dir: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.startup_probe", mode, str(data_dir)],
                            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait()
    if "painted" not in line:
        raise RuntimeError(f"{mode} start-up probe failed")
    return elapsed


def first_paint_loads(data_dir: Path) -> list[str]:
    """What the first paint loaded that it should not (see startup_probe guard); [] when it holds."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.startup_probe", "guard", str(data_dir)], cwd=ROOT,
                         env=ENV, capture_output=True, text=True, timeout=120)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("loaded ")), None)
    if line is None:
        raise RuntimeError(f"start-up guard probe failed: {out.stderr[-2000:]}")
    return json.loads(line.removeprefix("loaded "))


def export_run(mode: str, data_dir: Path) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run([sys.executable, "-m", "benchmarks.export_probe", mode, str(data_dir),
                              str(Path(folder) / "out.xlsx")], cwd=ROOT, env=ENV, capture_output=True,
                             text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def in_process(data_dir: Path, rounds: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.services import ledgers
    from desktop.store.store import Store
    from desktop.ui.application import create_app
    from desktop.ui.main_window import MainWindow

    app = create_app()
    results = {}
    with Store(data_dir) as store:
        ledger_id = ledgers.list_ledgers(store)[0].id
        items = ledgers.load_view(store, ledger_id).items
        for label, term in (("search_2_chars_ms", "讲座"), ("search_6_chars_ms", "行政执法公示")):
            times = []
            for _ in range(rounds * 4):
                start = time.perf_counter()
                hits = ledgers.search(store, ledger_id, items, term)
                times.append((time.perf_counter() - start) * 1000)
            assert hits, term
            results[label] = statistics.median(times)
        window = MainWindow(store)
        window.show()
        for _ in range(20):  # the first paint, then what start-up does after it (the due list, on a worker)
            app.processEvents()
        window.runner.wait()
        app.processEvents()  # the due list's result: it may bring the 到期提醒 page forward
        window.tabs.setCurrentIndex(0)  # the ledger page, whatever start-up showed
        app.processEvents()
        heavy = next(i for i in window.view.items if i.code == "1.1")
        other = next(i for i in window.view.items if i.code == "2.5")
        times = []
        for _ in range(rounds * 4):
            window.select_item(other.id)
            app.processEvents()
            start = time.perf_counter()
            window.select_item(heavy.id)
            window.evidence.table.viewport().repaint()
            times.append((time.perf_counter() - start) * 1000)
        assert window.evidence.model.total == 100 and window.evidence.table.isVisible()
        results["select_item_100_evidence_ms"] = statistics.median(times)
        from benchmarks import (
            ui_ops,  # edits from the call to the repainted row, their undo, 100 items at once
        )

        results.update(ui_ops.measure(window, app, rounds * 4))
        window.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=OUT / "large")
    parser.add_argument("--only", choices=("startup", "export"), help="just one ratio (quick to repeat)")
    args = parser.parse_args()
    if not (args.data / "taizhang.sqlite").exists():
        print("生成大台账…", flush=True)
        subprocess.run([sys.executable, "-m", "benchmarks.generate", str(args.data)], cwd=ROOT, env=ENV, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop"), str(ROOT / "benchmarks")],
                   env=ENV, check=True)
    if args.only == "export":
        report(export_ratio(args))
        return 0
    floor, app = [], []
    for _ in range(args.rounds):  # alternate, so drift hits both alike
        floor.append(startup_seconds("floor", args.data))
        app.append(startup_seconds("app", args.data))
    results = {"startup_floor_s": statistics.median(floor), "startup_app_s": statistics.median(app)}
    results["startup_ratio"] = results["startup_app_s"] / results["startup_floor_s"]
    # noise on a shared machine only ever adds time: the fastest runs show the cost itself
    results["startup_ratio_of_fastest"] = min(app) / min(floor)
    loaded = first_paint_loads(args.data)
    if args.only != "startup":
        results.update(export_and_in_process(args))
    report(results)
    verdict = "  ✗ (goal: neither sqlite_utils nor the Qt namespace)" if loaded else "  ✓"
    print(f"{'first paint loads':32s} {', '.join(loaded) or '—'}{verdict}")
    return 1 if loaded else 0


def export_ratio(args) -> dict:
    exports = {"xlsxwriter": [], "app": []}
    for _ in range(max(1, args.rounds // 2)):
        for mode in exports:
            exports[mode].append(export_run(mode, args.data))
    results = {"export_floor_s": statistics.median(r["seconds"] for r in exports["xlsxwriter"]),
               "export_app_s": statistics.median(r["seconds"] for r in exports["app"])}
    results["export_ratio"] = results["export_app_s"] / results["export_floor_s"]
    # noise on a shared machine only ever adds time: the fastest runs show the cost itself
    results["export_ratio_of_fastest"] = (min(r["seconds"] for r in exports["app"])
                                          / min(r["seconds"] for r in exports["xlsxwriter"]))
    results["export_peak_mib"] = max(r["peak_mib"] for r in exports["app"])
    return results


def export_and_in_process(args) -> dict:
    return {**export_ratio(args), **in_process(args.data, args.rounds)}


def report(results: dict) -> None:
    goals = {"startup_ratio": 2.0, "export_ratio": 1.3, "export_peak_mib": 150, "search_2_chars_ms": 60,
             "search_6_chars_ms": 60, "select_item_100_evidence_ms": 30, "ui_save_item_ms": 15, "ui_undo_save_ms": 15,
             "ui_set_owner_100_items_ms": 150}
    for key, value in results.items():
        goal = goals.get(key)
        verdict = "" if goal is None else ("  ✓" if value <= goal else f"  ✗ (goal ≤ {goal})")
        print(f"{key:32s} {value:10.3f}{verdict}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
