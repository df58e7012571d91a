"""(a) Crash: a child writes through the real services and is killed (SIGKILL) at random moments, again and
again on the same data directory. After every kill the database must pass integrity_check, hold every
write the child reported as committed, and have every attachment file it names."""

import random
import time

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

MAX_LIFE_S = 0.4


def test_killed_writer_loses_nothing_it_reported(tmp_path, torture_count, torture_seed, figures):
    rng = random.Random(torture_seed)
    data = new_data_dir(tmp_path)
    model = Model()
    for run in range(torture_count):
        out = tmp_path / f"run-{run}.out"
        extra = ["--checkpoint-pages", "8"] if run % 2 else []  # kills inside checkpoints as well
        proc = start_writer(data, rng.randrange(10**9), run * 1_000_000, out, *extra)
        wait_ready(proc, out)
        time.sleep(rng.uniform(0, MAX_LIFE_S))
        proc.kill()
        proc.wait()
        figures["kills"] += 1
        before = model.reported
        pending = model.read(complete_lines(out))
        with Store(data) as store:
            opened = check_database(store)
            lost = verify(store, model, pending)
        figures["crash_writes"] += model.reported - before
        figures["crash_lost"] += len(lost)
        figures["crash_corrupt"] += bool(opened.corrupt)
        figures["crash_files"] += len(opened.file_problems)
        context = f"run {run}, seed {torture_seed}"
        assert not opened.corrupt, f"{context}: {opened.corrupt}"
        assert not lost, f"{context}: {lost[:5]}"
        assert not opened.file_problems, f"{context}: {opened.file_problems[:5]}"
        figures["kills_survived"] += 1
    assert model.reported > 0, "the writer never got to write: the kills came too early"
