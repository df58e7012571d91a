"""Torture child: random ledger writes through the real services, one line per step, flushed at once.

    python writer.py DATA_DIR SEED FIRST_SEQ [--count N] [--lane K/N] [--checkpoint-pages P] [--open-after FILE]

Lines (stdout, each written and flushed whole):
    W                      waiting for --open-after's file (then the store is opened at once)
    R                      ready: the store is open
    I <seq> <op> <key>     about to write (op: item, eadd, eedit, edel; key: item or evidence id, - for eadd)
    D <seq> [<id>]         the write is committed (printed after COMMIT returned); eadd gives the new id
Values carry the sequence number (remark r<seq>, evidence title t<seq>), so the parent can tell which write
of a key the database holds. --lane K/N: touch only items with index % N == K and only evidence this
process created (for two writers at once). --checkpoint-pages: a small wal_autocheckpoint, so kills also
land inside checkpoints.
"""

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.services import evidence, ledgers
from desktop.store.store import Store

TODAY = date(2025, 12, 1)
PROGRESS = ("未开始", "推进中", "待审核", "已完成")


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def parse_args(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("seed", type=int)
    parser.add_argument("first_seq", type=int)
    parser.add_argument("--count", type=int, default=0, help="stop after this many writes (0: until killed)")
    parser.add_argument("--lane", default="0/1")
    parser.add_argument("--checkpoint-pages", type=int, default=0)
    parser.add_argument("--open-after", default="", help="print W, then open the store the moment this file appears")
    return parser.parse_args(argv)


def wait_for(path: Path, timeout_s: float = 10.0) -> None:
    """Spin (no sleep): the -wal another program's start-up makes is there for a few milliseconds only."""
    emit("W")
    deadline = time.monotonic() + timeout_s
    while not path.exists() and time.monotonic() < deadline:
        pass


class Writer:
    def __init__(self, store: Store, rng: random.Random, lane: tuple[int, int], own_evidence_only: bool):
        self.store, self.rng = store, rng
        self.ledger_id = ledgers.list_ledgers(store)[0].id
        items = [i.id for i in ledgers.load_view(store, self.ledger_id).items if i.level != "part"]
        self.items = [item for index, item in enumerate(items) if index % lane[1] == lane[0]]
        self.alive: list[int] = [] if own_evidence_only else [
            r[0] for r in store.db.execute("SELECT id FROM evidence WHERE ledger_id = ?", [self.ledger_id])]
        self.sources = Path(store.data.root).parent / "writer-src"
        self.sources.mkdir(exist_ok=True)
        self.pool = [rng.randbytes(rng.randint(1, 4000)) for _ in range(4)]  # shared contents: dedupe

    def step(self, seq: int) -> None:
        op = self.rng.choices(("item", "eadd", "eedit", "edel"), weights=(4, 3, 2, 1))[0]
        if op in ("eedit", "edel") and not self.alive:
            op = "eadd"
        getattr(self, op)(seq)

    def item(self, seq: int) -> None:
        item_id = self.rng.choice(self.items)
        emit(f"I {seq} item {item_id}")
        ledgers.update_item(self.store, item_id, {"remark": f"r{seq}", "progress": self.rng.choice(PROGRESS)})
        emit(f"D {seq}")

    def _file(self, seq: int) -> Path:
        path = self.sources / f"f{seq}.pdf"
        content = self.rng.choice(self.pool) if self.rng.random() < 0.3 else self.rng.randbytes(
            self.rng.randint(1, 3000))
        path.write_bytes(content)
        return path

    def eadd(self, seq: int) -> None:
        emit(f"I {seq} eadd -")
        files = [self._file(seq)] if self.rng.random() < 0.8 else []
        new_id = evidence.add(self.store, self.ledger_id, title=f"t{seq}", kind="其他",
                              formed_on=date(2025, 6, 1), item_ids=[self.rng.choice(self.items)],
                              files=files, today=TODAY).result
        emit(f"D {seq} {new_id}")
        self.alive.append(new_id)

    def eedit(self, seq: int) -> None:
        evidence_id = self.rng.choice(self.alive)
        current = evidence.get(self.store, evidence_id)
        emit(f"I {seq} eedit {evidence_id}")
        remove = [a.id for a in current.attachments if self.rng.random() < 0.3]
        add = [self._file(seq)] if self.rng.random() < 0.4 else []
        evidence.edit(self.store, evidence_id, title=f"t{seq}", kind="其他", formed_on=current.formed_on,
                      item_ids=current.item_ids, add_files=add, remove_attachment_ids=remove, today=TODAY)
        emit(f"D {seq}")

    def edel(self, seq: int) -> None:
        evidence_id = self.rng.choice(self.alive)
        emit(f"I {seq} edel {evidence_id}")
        evidence.delete(self.store, evidence_id)
        emit(f"D {seq}")
        self.alive.remove(evidence_id)


def main(argv=None) -> int:
    args = parse_args(argv)
    lane = tuple(int(x) for x in args.lane.split("/"))
    if args.open_after:
        wait_for(Path(args.open_after))
    store = Store(args.data_dir)
    if args.checkpoint_pages:
        store.db.execute(f"PRAGMA wal_autocheckpoint = {args.checkpoint_pages}")
    writer = Writer(store, random.Random(args.seed), lane, own_evidence_only=lane[1] > 1)
    emit("R")
    seq = args.first_seq
    while not args.count or seq < args.first_seq + args.count:
        writer.step(seq)
        seq += 1
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
