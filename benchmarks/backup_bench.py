"""Backup cost against a plain copy of the same database, measured in the same run (goal: ≤ 2×).

python -m benchmarks.backup_bench [--rounds N] [--data DIR]

The benchmark ledger (benchmarks/out/large, made by benchmarks.generate) is first copied to a temporary
data directory, so neither the backup nor the migration on open touches it. Each round times
  floor        shutil.copyfile of the database (what a careless backup would do; not even fsync'ed)
  floor+fsync  the same copy, fsync'ed (what any durable copy must pay)
  backup       backup.make_backup: VACUUM INTO a temporary file, integrity_check of the copy, counts for the
               sidecar, fsync, rename, sidecar written atomically, rotation
and the parts of the backup on their own. Medians are printed, with the ratios.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT / "benchmarks" / "out" / "large"
GOAL = 2.0


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def copy_floor(source: Path, target: Path, sync: bool) -> None:
    shutil.copyfile(source, target)
    if sync:
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
    target.unlink()


def parts(store, folder: Path) -> dict[str, float]:
    """The backup's steps one by one (for the breakdown; the ratio uses the real make_backup)."""
    from desktop.store import backup_store

    target = folder / "part.sqlite"
    times = {"vacuum_into_s": timed(lambda: backup_store.vacuum_into(store.db, target))}
    times["integrity_check_s"] = timed(lambda: backup_store.integrity_problems(target))
    times["holdings_s"] = timed(lambda: backup_store.holdings(target))
    target.unlink()
    return times


def run(data_source: Path, rounds: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from desktop.services import backup
    from desktop.store.store import Store

    with tempfile.TemporaryDirectory() as temp:
        data = Path(temp) / "data"
        data.mkdir()
        shutil.copyfile(data_source / "taizhang.sqlite", data / "taizhang.sqlite")
        out = Path(temp) / "out"
        out.mkdir()
        samples: dict[str, list[float]] = {}
        with Store(data) as store:
            database = store.data.database
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            for number in range(rounds):
                round_times = {
                    "floor_copy_s": timed(lambda: copy_floor(database, out / "copy.sqlite", sync=False)),
                    "floor_copy_fsync_s": timed(lambda: copy_floor(database, out / "copy.sqlite", sync=True)),
                    "backup_s": timed(lambda n=number: backup.make_backup(store, "手动", folder=out)),
                    **parts(store, out),
                }
                for key, value in round_times.items():
                    samples.setdefault(key, []).append(value)
                for made in out.glob("手动备份-*"):
                    made.unlink()
        results = {key: round(statistics.median(values), 4) for key, values in samples.items()}
        results["database_mib"] = round((data_source / "taizhang.sqlite").stat().st_size / 2**20, 1)
    results["ratio_vs_copy"] = round(results["backup_s"] / results["floor_copy_s"], 2)
    results["ratio_vs_copy_fsync"] = round(results["backup_s"] / results["floor_copy_fsync_s"], 2)
    results["rounds"] = rounds
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=LARGE, help="a data directory holding taizhang.sqlite")
    args = parser.parse_args()
    if not (args.data / "taizhang.sqlite").exists():
        print(f"{args.data / 'taizhang.sqlite'} is missing: run python -m benchmarks.generate first", file=sys.stderr)
        return 2
    results = run(args.data, args.rounds)
    print(json.dumps(results, indent=2))
    verdict = "within" if results["ratio_vs_copy"] <= GOAL else "over"
    print(f"backup / plain copy = {results['ratio_vs_copy']}× ({verdict} the {GOAL}× goal); "
          f"backup / fsync'ed copy = {results['ratio_vs_copy_fsync']}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
