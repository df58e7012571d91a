"""(e) Programs that start while another writes: check, export, backup, demo and the window's start-up,
each begun on a database that was closed before (no -wal yet) at about the moment a writer opens it.
A read-only start-up probe that removed the -wal it had made took the writer's committed rows with it
(200 of 401 lost, and a demo racing a writer left a corrupt database). Every write the writer reported must
be there, the database must pass integrity_check, and each start must end as the officer expects."""

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from desktop.store.store import Store, integrity_check
from tests.torture.model import (
    Model,
    check_database,
    complete_lines,
    new_data_dir,
    start_writer,
    verify,
    wait_ready,
)

STARTER = Path(__file__).with_name("starter.py")
WRITES_PER_ROUND = 12
MAX_DELAY_S = 0.35
UNIT = "测试镇人民政府"
DEMO_YEARS = (2001, 2002, 2003)  # a few demos really write; later ones of a year are told it exists


def starter_args(kind: str, run: int, data: Path, scratch: Path) -> list[str]:
    if kind == "window":
        return ["window", str(data)]
    extra = {"check": ["check"],
             "export": ["export", "xlsx", "--year", "2025", "--unit", UNIT, "--out", str(scratch / "台账.xlsx")],
             "backup": ["backup", "--to", str(scratch)],
             "demo": ["demo", "--year", str(DEMO_YEARS[run % len(DEMO_YEARS)]), "--add-to-real-data"]}[kind]
    return ["cli", str(data), *extra]


def start_starter(args: list[str], out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(STARTER), *args], stdout=open(out, "wb"),
                            stderr=subprocess.STDOUT)


def expected_end(kind: str, code: int, text: str) -> bool:
    if "Traceback" in text:
        return False
    if kind == "demo":
        return code == 0 or (code == 2 and "已经存在" in text)
    return code == 0


def test_starts_beside_a_writer_lose_nothing(tmp_path, torture_count, torture_seed, figures):
    rng = random.Random(torture_seed + 4)
    data = new_data_dir(tmp_path)
    with Store(data) as store:
        ledger_id = store.db.execute("SELECT id FROM ledger").fetchone()[0]
    model = Model()
    kinds = ("check", "export", "backup", "demo", "window")
    for run in range(torture_count):
        kind = kinds[run % len(kinds)]
        scratch = tmp_path / "scratch"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        closed = not data.joinpath("taizhang.sqlite-wal").exists()
        out, started = tmp_path / f"writer-{run}.out", tmp_path / f"starter-{run}.out"
        first_seq = (run + 1) * 1_000_000
        args = ["--count", str(WRITES_PER_ROUND)]
        delay, how = rng.uniform(0, MAX_DELAY_S), rng.random()
        if how < 0.6:  # the writer opens the moment the starter's probe has made the -wal: inside the probe
            writer = start_writer(data, rng.randrange(10**9), first_seq, out, *args,
                                  "--open-after", str(data / "taizhang.sqlite-wal"))
            wait_ready(writer, out, b"W")
            starter = start_starter(starter_args(kind, run, data, scratch), started)
        elif how < 0.8:
            starter = start_starter(starter_args(kind, run, data, scratch), started)
            time.sleep(delay)
            writer = start_writer(data, rng.randrange(10**9), first_seq, out, *args)
        else:
            writer = start_writer(data, rng.randrange(10**9), first_seq, out, *args)
            time.sleep(delay)
            starter = start_starter(starter_args(kind, run, data, scratch), started)
        starter_code, writer_code = starter.wait(timeout=300), writer.wait(timeout=300)
        context = f"run {run} ({kind}), seed {torture_seed}"
        starter_text = started.read_bytes().decode("utf-8", errors="replace")
        writer_err = out.with_suffix(".err").read_text(errors="replace")
        before = model.reported
        assert model.read(complete_lines(out)) is None, f"{context}: the writer stopped mid-write {writer_err}"
        with Store(data) as store:
            corrupt = integrity_check(store)
            lost = verify(store, model, None, ledger_id=ledger_id)
        figures["start_runs"] += 1
        figures[f"start_{kind}"] += 1
        figures["start_closed"] += closed
        figures["start_writes"] += model.reported - before
        figures["start_lost"] += len(lost)
        figures["start_corrupt"] += bool(corrupt)
        good_start = expected_end(kind, starter_code, starter_text)
        figures["start_failed"] += not good_start or writer_code != 0
        assert not corrupt, f"{context}: {corrupt}"
        assert not lost, f"{context}: {lost[:5]}"
        assert writer_code == 0, f"{context}: writer: {writer_err[-2000:]}"
        assert good_start, f"{context}: exit {starter_code}: {starter_text[-2000:]}"
        out.unlink()
        started.unlink()
    with Store(data) as store:  # at the end: every attachment file there, with its checksum
        opened = check_database(store)
    assert not opened.corrupt and not opened.file_problems, opened
    assert figures["start_closed"] > 0
