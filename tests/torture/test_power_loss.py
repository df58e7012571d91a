"""(b) Power loss, by SQLite's own method: copy the database files at random moments while a writer works.

The writer is frozen (SIGSTOP) at a random moment — often inside a transaction or a checkpoint — and the
database, its -wal and the file store are copied; the -shm is left behind, as a reboot loses it. Then the
copied WAL is damaged the way a power cut damages it: at a random byte after the last complete commit frame
it is cut short, and the part of the tail that is left is overwritten with random bytes (a torn write of
frames that were never committed, so never synced). The copy must open, pass integrity_check, and hold
every write the writer reported before the freeze (plus, at most, the one in flight).
"""

import os
import random
import shutil
import signal
import struct
import time
from pathlib import Path

import pytest

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

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs SIGSTOP (POSIX)")
WAL_HEADER, FRAME_HEADER = 32, 24
SNAPSHOTS_PER_WRITER = 10


def end_of_last_commit(wal: bytes) -> int:
    """Byte offset just past the last complete commit frame of the WAL's current generation."""
    if len(wal) < WAL_HEADER:
        return len(wal)
    page_size = struct.unpack(">I", wal[8:12])[0]
    salts = wal[16:24]
    frame, offset, end = FRAME_HEADER + page_size, WAL_HEADER, WAL_HEADER
    while offset + frame <= len(wal) and wal[offset + 8:offset + 16] == salts:
        if struct.unpack(">I", wal[offset + 4:offset + 8])[0]:  # a commit frame: database size after commit
            end = offset + frame
        offset += frame
    return end


def tear_wal_tail(wal_path: Path, rng: random.Random) -> bool:
    """Cut the WAL at a random byte past the last commit and scramble part of what is left there."""
    if not wal_path.exists():
        return False
    wal = wal_path.read_bytes()
    keep = end_of_last_commit(wal)
    if keep >= len(wal):
        tail = rng.randbytes(rng.randint(1, 5000))  # a frame that was being appended when power went
        wal_path.write_bytes(wal + tail)
        return True
    cut = rng.randint(keep, len(wal))
    torn = bytearray(wal[:cut])
    if cut > keep:
        start = rng.randint(keep, cut - 1)
        torn[start:cut] = rng.randbytes(cut - start)
    wal_path.write_bytes(bytes(torn))
    return True


def copy_frozen(data: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for name in ("taizhang.sqlite", "taizhang.sqlite-wal"):
        if (data / name).exists():
            shutil.copyfile(data / name, target / name)
    shutil.copytree(data / "files", target / "files")


def test_copies_taken_mid_write_survive_a_torn_wal(tmp_path, torture_count, torture_seed, figures):
    rng = random.Random(torture_seed + 1)
    for first in range(0, torture_count, SNAPSHOTS_PER_WRITER):
        # a fresh writer now and then keeps each copy small, so a long run stays linear in time
        snapshot_one_writer(tmp_path / f"writer-{first}", range(first, min(first + SNAPSHOTS_PER_WRITER,
                                                                           torture_count)), rng, figures,
                            torture_seed)


def snapshot_one_writer(folder: Path, numbers, rng: random.Random, figures, seed: int) -> None:
    folder.mkdir()
    data = new_data_dir(folder)
    out = folder / "writer.out"
    proc = start_writer(data, rng.randrange(10**9), 0, out, "--checkpoint-pages", "16")
    verified = 0
    try:
        wait_ready(proc, out)
        for number in numbers:
            time.sleep(rng.uniform(0.005, 0.08))
            os.kill(proc.pid, signal.SIGSTOP)
            try:
                lines = complete_lines(out)
                copy = folder / f"copy-{number}"
                copy_frozen(data, copy)
            finally:
                os.kill(proc.pid, signal.SIGCONT)
            figures["snapshots"] += 1
            figures["torn_tails"] += tear_wal_tail(copy / "taizhang.sqlite-wal", rng)
            model = Model()
            pending = model.read(lines)
            with Store(copy) as store:
                opened = check_database(store)
                lost = verify(store, model, pending)
            figures["power_writes"] += model.reported - verified  # each reported write counted once
            verified = model.reported
            figures["power_lost"] += len(lost)
            figures["power_corrupt"] += bool(opened.corrupt)
            context = f"snapshot {number}, seed {seed}"
            assert not opened.corrupt, f"{context}: {opened.corrupt}"
            assert not lost, f"{context}: {lost[:5]}"
            assert not opened.file_problems, f"{context}: {opened.file_problems[:5]}"
            shutil.rmtree(copy)
        assert proc.poll() is None, "the writer died on its own"
    finally:
        proc.kill()
        proc.wait()
