"""(d) Two processes writing at once (a second copy of the program, a script): while a third connection
holds the write lock for a while, neither writer may see "database is locked" — SQLite's busy timeout makes
each wait its turn — and every write of both must be in the database afterwards."""

import random
import sqlite3
import threading
import time

from desktop.store.connection import BUSY_TIMEOUT_MS
from desktop.store.store import Store
from tests.torture.model import (
    Model,
    check_database,
    complete_lines,
    new_data_dir,
    start_writer,
    verify,
    wait_ready,
)

WRITES_EACH = 200
HOLD_S = 1.5


def hold_write_lock(database, seconds: float, started: threading.Event, outs, seen: list) -> None:
    """Hold the write lock; just before letting go, note whether any writer got a write through."""
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    seen.extend(line for out in outs if out.exists() for line in complete_lines(out) if line.startswith("D"))
    conn.execute("COMMIT")
    conn.close()


def test_two_writers_wait_their_turn(tmp_path, torture_seed, figures):
    assert HOLD_S * 1000 < BUSY_TIMEOUT_MS / 2  # the hold is well inside the busy timeout
    rng = random.Random(torture_seed + 2)
    data = new_data_dir(tmp_path)
    outs = [tmp_path / f"writer-{lane}.out" for lane in (0, 1)]
    started, seen = threading.Event(), []
    holder = threading.Thread(target=hold_write_lock, args=(data / "taizhang.sqlite", HOLD_S, started, outs, seen))
    holder.start()
    assert started.wait(10)
    procs = [start_writer(data, rng.randrange(10**9), (lane + 1) * 1_000_000, outs[lane],
                          "--count", str(WRITES_EACH), "--lane", f"{lane}/2") for lane in (0, 1)]
    for proc, out in zip(procs, outs, strict=True):
        wait_ready(proc, out)
    codes = [proc.wait(timeout=120) for proc in procs]
    holder.join()
    assert seen == []  # no write got through while the lock was held: both waited
    errors = "".join(out.with_suffix(".err").read_text(errors="replace") for out in outs)
    figures["pair_locked_errors"] += errors.count("database is locked")
    figures["pair_lock_held_ms"] += int(HOLD_S * 1000)
    assert "database is locked" not in errors
    assert codes == [0, 0], errors[-2000:]
    model = Model()
    for out in outs:
        assert model.read(complete_lines(out)) is None  # both finished: nothing in flight
    with Store(data) as store:
        opened = check_database(store)
        lost = verify(store, model, None)
    figures["pair_writes"] += model.reported
    figures["pair_lost"] += len(lost)
    assert model.reported == 2 * WRITES_EACH
    assert not opened.corrupt and not opened.file_problems
    assert lost == []
