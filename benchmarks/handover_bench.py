"""Hand-over benchmarks (issue 12), as ratios against floors measured in the same run.

python -m benchmarks.handover_bench [--files 2000] [--megabytes 1024] [--skip-report]

- binder: export_binder of a ledger with N files totalling M MB, against shutil.copyfile of the same files plus
  zipfile writing them stored (goal ≤ 1.2×); peak RSS of a process that only builds the binder (goal ≤ 150 MB).
- report: export_report of the large benchmark ledger (benchmarks/generate.py) ≤ 2 s, and ≤ 3× python-docx
  writing the same paragraphs with no lookups.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_binder_ledger(folder: Path, files: int, megabytes: int) -> tuple[Path, list[Path]]:
    from desktop.services import evidence, ledgers
    from desktop.store.store import Store

    size = megabytes * 1048576 // files
    sources = folder / "src"
    sources.mkdir(parents=True)
    with Store(folder / "data") as store:
        ledger = ledgers.create_ledger(store, "基准镇人民政府", 2025).result
        items = [i.id for i in ledgers.load_view(store, ledger).items if i.level != "part"]
        paths = []
        for n in range(files):
            path = sources / f"材料{n}.pdf"
            with open(path, "wb") as out:
                out.write(n.to_bytes(4, "little") * (size // 4))
            paths.append(path)
        for start in range(0, files, 10):
            evidence.add(store, ledger, title=f"佐证{start // 10}", kind="工作台账", formed_on=date(2025, 3, 1),
                         item_ids=[items[(start // 10) % len(items)]], files=paths[start:start + 10],
                         today=date(2025, 12, 1))
    return folder / "data", paths


def floor_copy_zip(paths: list[Path], folder: Path) -> float:
    copies = folder / "floor"
    copies.mkdir()
    start = time.perf_counter()
    for path in paths:
        shutil.copyfile(path, copies / path.name)
    with zipfile.ZipFile(folder / "floor.zip", "w", zipfile.ZIP_STORED, allowZip64=True) as book:
        for path in paths:
            book.write(copies / path.name, path.name)
    elapsed = time.perf_counter() - start
    shutil.rmtree(copies)
    (folder / "floor.zip").unlink()
    return elapsed


def binder_child(data: str, out: str) -> None:
    """Run in its own process: the binder's time and the process's peak RSS."""
    import resource

    from desktop.services import binder, ledgers
    from desktop.store.store import Store

    with Store(data) as store:
        ledger = ledgers.list_ledgers(store)[0].id
        start = time.perf_counter()
        result = binder.export_binder(store, ledger, out, progress=lambda d, t: None)
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "peak_mb": peak, "files": result.files, "bytes": result.bytes}))


def bench_binder(files: int, megabytes: int) -> dict:
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        folder = Path(folder)
        data, paths = make_binder_ledger(folder, files, megabytes)
        floor = floor_copy_zip(paths, folder)
        out = subprocess.run([sys.executable, "-m", "benchmarks.handover_bench", "--child", str(data),
                              str(folder / "binder.zip")], cwd=ROOT, capture_output=True, text=True, check=True)
        found = json.loads(out.stdout.strip().splitlines()[-1])
    return {"files": found["files"], "megabytes": round(found["bytes"] / 1048576), "binder_s": round(found["seconds"], 2),
            "floor_s": round(floor, 2), "ratio": round(found["seconds"] / floor, 2), "peak_mb": round(found["peak_mb"])}


def bench_report(rounds: int = 7) -> dict:
    """Medians of `rounds` runs: the whole export (snapshot included), the docx writing alone, and python-docx
    writing the same paragraphs bare (a single run of a few hundredths of a second is mostly noise)."""
    import statistics

    from docx import Document

    from benchmarks.generate import generate
    from desktop.services import ledgers, report_content, report_docx, snapshot
    from desktop.store.store import Store

    def timed(action) -> float:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start

    def bare(blocks, out: Path) -> None:
        document = Document()
        for block in blocks:
            document.add_paragraph(block.text)
        document.save(str(out))

    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        data, folder = generate(Path(folder) / "large"), Path(folder)
        with Store(data) as store:
            ledger = ledgers.list_ledgers(store)[0].id
            whole = [timed(lambda: report_docx.export_report(store, ledger, folder / "r.docx")) for _ in range(rounds)]
            found = report_content.blocks(snapshot.take(store, ledger))
        render = [timed(lambda: report_docx.write_report(found, folder / "r2.docx")) for _ in range(rounds)]
        floor = [timed(lambda: bare(found, folder / "floor.docx")) for _ in range(rounds)]
    seconds, render_s, floor_s = (statistics.median(t) for t in (whole, render, floor))
    # ratio: the whole export (snapshot included) over the bare paragraphs; render_ratio: the docx writing alone
    return {"paragraphs": len(found), "rounds": rounds, "report_s": round(seconds, 3), "render_s": round(render_s, 3),
            "floor_s": round(floor_s, 3), "ratio": round(seconds / floor_s, 2), "render_ratio": round(render_s / floor_s, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--skip-report", action="store_true")
    parser.add_argument("--skip-binder", action="store_true")
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        binder_child(*args.child)
        return
    if not args.skip_binder:
        print("binder", json.dumps(bench_binder(args.files, args.megabytes), ensure_ascii=False), flush=True)
    if not args.skip_report:
        print("report", json.dumps(bench_report(), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
