"""Locking a year ledger after it is submitted (已报送), and deliberately unlocking it.

Locking makes a backup first, writes a sealed snapshot (the progress workbook as it stood, under
snapshots/ in the data directory, with its SHA-256) and stores a SHA-256 of the ledger's content (a
canonical JSON of items, indicator values, evidence, links and files). verify_seal says later whether the
content or the snapshot changed since. While locked, every service refuses writes (ledgers.ensure_writable).
"""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.domain.text import clean_text
from desktop.services import backup, ledgers, registers
from desktop.store import durable, lock_repo, operations
from desktop.store.operations import Changes, os_user
from desktop.store.store import Store

SNAPSHOTS = "snapshots"
REASON_MAX = 500


@dataclass(frozen=True)
class LockResult:
    ledger_id: int
    locked_at: str
    locked_by: str
    content_sha256: str
    snapshot: Path
    snapshot_sha256: str
    backup: Path


@dataclass(frozen=True)
class SealStatus:
    sealed: bool  # the ledger was locked at least once
    intact: bool  # its content is what it was when last locked
    locked_now: bool
    locked_at: str = ""
    locked_by: str = ""
    expected: str = ""
    actual: str = ""
    snapshot: Path | None = None
    snapshot_intact: bool | None = None  # None: there is no snapshot file to compare
    unlock_reason: str = ""

    def text(self) -> str:
        if not self.sealed:
            return "该台账从未报送锁定，没有封存校验值。"
        at = self.locked_at.replace("T", " ")
        lines = [f"内容与 {at} 报送锁定时一致。" if self.intact else f"内容在 {at} 报送锁定后有改动。"]
        if not self.locked_now and self.unlock_reason:
            lines.append(f"已解除锁定，理由：{self.unlock_reason}")
        if self.snapshot_intact is False:
            lines.append(f"锁定时保存的进度表快照缺失或被改动：{self.snapshot}")
        return "\n".join(lines)


def _canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_checksum(store: Store, ledger_id: int) -> str:
    """SHA-256 of the ledger's content in a canonical form that does not depend on row ids or order."""
    data = lock_repo.content(store.db, ledger_id)
    entries = {row["id"]: {**{k: v for k, v in row.items() if k != "id"}, "items": [], "files": []}
               for row in data["evidence"]}
    for link in data["links"]:
        entries[link["evidence_id"]]["items"].append(link["code"])
    for row in data["files"]:
        entries[row["evidence_id"]]["files"].append([row["original_name"], row["sha256"], row["size"]])
    for entry in entries.values():
        entry["items"].sort()
        entry["files"].sort()
    canonical = {"unit": data["unit"], "year": data["year"], "items": data["items"],
                 "indicators": data["indicators"], "evidence": sorted(_canonical(e) for e in entries.values()),
                 "registers": registers.seal_content(store, ledger_id)}
    return durable.sha256_bytes(_canonical(canonical).encode("utf-8"))


def _snapshot_path(store: Store, ledger, now: datetime) -> Path:
    unit = "".join(ch for ch in ledger.unit_name if ch not in '<>:"/\\|?*') or "台账"
    return store.data.root / SNAPSHOTS / f"{unit}{ledger.year}年度-报送锁定-{now.strftime('%Y%m%d-%H%M%S')}.xlsx"


def lock_year(store: Store, ledger_id: int, who: str | None = None, note: str = "", *, progress=None,
              cancel=None, now: datetime | None = None) -> Changes:
    """Backup, snapshot workbook, content checksum, then the lock (one operation 锁定台账) — all or nothing
    for the database. .result is the LockResult."""
    from desktop.services import export_xlsx  # openpyxl loads only when needed

    ledger = ledgers.get_ledger(store, ledger_id)
    if ledger.locked_at:
        raise UserError(f"{ledger.label}已于 {ledger.locked_at.replace('T', ' ')} 报送锁定。")
    now = now or datetime.now()
    who = clean_text(who, single_line=True)[:100] or os_user()
    safety = backup.make_backup(store, "锁定前", now=now)
    checksum = content_checksum(store, ledger_id)
    snapshot = export_xlsx.write_progress_workbook(store, ledger_id, _snapshot_path(store, ledger, now),
                                                   progress=progress, cancel=cancel, today=now.date())
    seal = {"locked_at": now.isoformat(timespec="seconds"), "locked_by": who,
            "note": clean_text(note)[:REASON_MAX], "content_sha256": checksum,
            "snapshot_path": snapshot.relative_to(store.data.root).as_posix(),
            "snapshot_sha256": durable.sha256_file(snapshot), "backup_name": safety.path.name}
    result = LockResult(ledger_id, seal["locked_at"], who, checksum, snapshot, seal["snapshot_sha256"],
                        safety.path)

    def lock(op):
        if content_checksum(store, ledger_id) != checksum:
            raise UserError("锁定过程中台账被修改了，未锁定。请重新锁定。")
        lock_repo.lock(op, ledger_id, seal)
        return result

    try:
        return operations.run(store.db, f"锁定{ledger.label}", lock, ledger_id)
    except BaseException:
        snapshot.unlink(missing_ok=True)
        raise


def unlock_year(store: Store, ledger_id: int, reason: str, who: str | None = None,
                now: datetime | None = None) -> Changes:
    """Unlock deliberately (one operation 解除锁定): a reason is required and goes into the seal row and
    the change log with who and when."""
    reason = clean_text(reason, single_line=True)[:REASON_MAX]
    if not reason:
        raise UserError("解除锁定必须填写理由（例如：上级退回补充材料）。")
    ledger = ledgers.get_ledger(store, ledger_id)
    if not ledger.locked_at:
        raise UserError(f"{ledger.label}没有锁定，无需解除。")
    who = clean_text(who, single_line=True)[:100] or os_user()
    at = (now or datetime.now()).isoformat(timespec="seconds")
    return operations.run(store.db, f"解除锁定{ledger.label}",
                          lambda op: lock_repo.unlock(op, ledger_id, at=at, by=who, reason=reason), ledger_id)


def verify_seal(store: Store, ledger_id: int) -> SealStatus:
    """Whether the ledger's content (and the snapshot file) are what they were when it was last locked."""
    ledger = ledgers.get_ledger(store, ledger_id)
    seal = lock_repo.latest_seal(store.db, ledger_id)
    if seal is None:
        return SealStatus(sealed=False, intact=True, locked_now=bool(ledger.locked_at))
    actual = content_checksum(store, ledger_id)
    snapshot = store.data.root / seal["snapshot_path"] if seal["snapshot_path"] else None
    snapshot_intact = None
    if snapshot is not None:
        snapshot_intact = snapshot.is_file() and durable.sha256_file(snapshot) == seal["snapshot_sha256"]
    return SealStatus(sealed=True, intact=actual == seal["content_sha256"], locked_now=bool(ledger.locked_at),
                      locked_at=seal["locked_at"], locked_by=seal["locked_by"], expected=seal["content_sha256"],
                      actual=actual, snapshot=snapshot, snapshot_intact=snapshot_intact,
                      unlock_reason=seal["unlock_reason"] or "")


def seals(store: Store, ledger_id: int) -> list[dict]:
    """Every lock of the ledger, oldest first, with who unlocked it, when and why."""
    return lock_repo.seals(store.db, ledger_id)
