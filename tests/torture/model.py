"""What the torture parent knows: the writes a child reported as committed, and whether a database holds
them. A key (ledger item or evidence entry) must hold its last reported value, or the value of the one
write that was in flight when the child died (begun, maybe committed, never reported)."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from desktop.services import integrity, ledgers, templates
from desktop.store.store import Store, integrity_check

WRITER = Path(__file__).with_name("writer.py")
MINI_TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "mini_template.yaml"
READY_TIMEOUT_S = 60


def new_data_dir(root: Path) -> Path:
    """A data directory with one small ledger for the writers to work on."""
    data = root / "data"
    with Store(data) as store:
        template_id = templates.install(store.db, templates.load_template(MINI_TEMPLATE))
        ledgers.create_ledger(store, "测试镇人民政府", 2025, template_id)
    return data


def start_writer(data: Path, seed: int, first_seq: int, out: Path, *extra: str) -> subprocess.Popen:
    """The child writes its lines to a file: whatever it wrote before a kill or a freeze is all there."""
    handle = open(out, "wb")  # noqa: SIM115 - kept open by the child
    err = open(out.with_suffix(".err"), "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, str(WRITER), str(data), str(seed), str(first_seq), *extra],
                            stdout=handle, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    handle.close()
    err.close()
    return proc


def wait_ready(proc: subprocess.Popen, out: Path, line: bytes = b"R") -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while line + b"\n" not in out.read_bytes()[:64]:
        if proc.poll() is not None:
            raise AssertionError(f"writer exited early: {out.with_suffix('.err').read_text(errors='replace')}")
        if time.monotonic() > deadline:
            raise AssertionError("writer did not start")
        time.sleep(0.01)


def complete_lines(out: Path) -> list[str]:
    """Lines the child finished writing (a torn last line is dropped)."""
    text = out.read_bytes().decode("utf-8", errors="replace")
    return text.split("\n")[:-1]


@dataclass
class Model:
    items: dict[int, int] = field(default_factory=dict)  # item id → seq of its last remark
    evidence: dict[int, int | None] = field(default_factory=dict)  # id → seq of its title, None: deleted
    reported: int = 0

    def read(self, lines: list[str]) -> tuple | None:
        """Apply the reported writes; return the write in flight (seq, op, key) if one was begun last."""
        intents: dict[int, tuple] = {}
        pending = None
        for line in lines:
            parts = line.split()
            if not parts or parts[0] in ("R", "W"):
                continue
            seq = int(parts[1])
            if parts[0] == "I":
                intents[seq] = (seq, parts[2], None if parts[3] == "-" else int(parts[3]))
                pending = intents[seq]
            elif parts[0] == "D":
                _, op, key = intents.pop(seq)
                self.apply(op, int(parts[2]) if op == "eadd" else key, seq)
                self.reported += 1
                pending = None
        return pending

    def apply(self, op: str, key: int, seq: int) -> None:
        if op == "item":
            self.items[key] = seq
        elif op == "edel":
            self.evidence[key] = None
        else:
            self.evidence[key] = seq


def database_state(store: Store, ledger_id: int | None = None) -> tuple[dict[int, str], dict[int, str]]:
    where, args = ("WHERE ledger_id = ?", [ledger_id]) if ledger_id is not None else ("", [])
    remarks = dict(store.db.execute(f"SELECT id, remark FROM ledger_item {where}", args).fetchall())
    titles = dict(store.db.execute(f"SELECT id, title FROM evidence {where}", args).fetchall())
    return remarks, titles


def verify(store: Store, model: Model, pending: tuple | None, ledger_id: int | None = None) -> list[str]:
    """Differences between the database and the model; the in-flight write, if found applied, is
    folded into the model. An empty list: every reported write is there, and nothing else.
    ledger_id: only the writer's ledger (others, such as a demo's, are not the writer's)."""
    remarks, titles = database_state(store, ledger_id)
    lost = []
    applied = False
    for item_id, remark in remarks.items():
        expected = f"r{model.items[item_id]}" if item_id in model.items else ""
        if remark == expected:
            continue
        if pending and pending[1] == "item" and pending[2] == item_id and remark == f"r{pending[0]}":
            applied = True
            continue
        lost.append(f"item {item_id}: holds {remark!r}, reported {expected!r}")
    for evidence_id, seq in model.evidence.items():
        title = titles.get(evidence_id)
        expected = None if seq is None else f"t{seq}"
        if title == expected:
            continue
        if pending and pending[2] == evidence_id and (
                (pending[1] == "eedit" and title == f"t{pending[0]}") or (pending[1] == "edel" and title is None)):
            applied = True
            continue
        lost.append(f"evidence {evidence_id}: holds {title!r}, reported {expected!r}")
    for evidence_id in set(titles) - set(model.evidence):
        if pending and pending[1] == "eadd" and titles[evidence_id] == f"t{pending[0]}":
            model.evidence[evidence_id] = pending[0]
            continue
        lost.append(f"evidence {evidence_id}: {titles[evidence_id]!r} was never begun")
    if applied:
        model.apply(pending[1], pending[2], pending[0])
    return lost


@dataclass
class Opened:
    corrupt: list[str]
    file_problems: list[str]


def check_database(store: Store) -> Opened:
    """integrity_check of the database, and every attachment file present with its SHA-256."""
    corrupt = integrity_check(store)
    report = integrity.check(store)
    return Opened(corrupt=corrupt, file_problems=[p for p in report.problems if "附件" in p])
