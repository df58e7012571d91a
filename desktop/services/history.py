"""修改记录: the change log read back for people, and deleted evidence brought back from it."""

import json
import mimetypes
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.errors import UserError
from desktop.domain.validation import validate_evidence
from desktop.services.ledgers import ensure_writable
from desktop.store import change_log, evidence_repo, file_store, ledgers_repo
from desktop.store.connection import transaction
from desktop.store.store import Store

FIELD_LABELS = {
    "progress": "进度", "result": "落实结果", "na_reason": "不适用理由", "department": "责任科室",
    "owner": "责任人", "due_date": "完成时限", "remark": "备注", "title": "标题", "kind": "类别",
    "formed_on": "形成日期", "description": "说明", "item_ids": "关联条目", "attachment": "附件",
}
ACTION_LABELS = {"create": "新建", "update": "修改", "delete": "删除", "restore": "恢复",
                 "lock": "报送锁定", "unlock": "解除锁定"}


@dataclass(frozen=True)
class HistoryLine:
    at: str
    who: str
    action: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class DeletedEntry:
    evidence_id: int
    deleted_at: str
    deleted_by: str
    title: str
    formed_on: str
    file_names: tuple[str, ...]


@dataclass
class RestoreResult:
    evidence_id: int
    missing_files: list[str] = field(default_factory=list)


def field_label(name: str) -> str:
    if name.startswith("indicator:"):
        return f"指标（{name.split(':', 1)[1]}）"
    return FIELD_LABELS.get(name, name)


def _readable(value: str | None) -> str:
    """A logged value as a person reads it: snapshots of whole entries become 标题：…；类别：…"""
    if value is None:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if isinstance(data, dict):
        parts = [f"{field_label(k)}：{v}" for k, v in data.items() if k not in ("item_ids", "attachments")]
        if data.get("attachments"):
            parts.append("附件：" + "、".join(a["original_name"] for a in data["attachments"]))
        return "；".join(parts)
    if isinstance(data, list):
        return "、".join(str(v) for v in data)
    return value


def _label_for(entity: str, name: str) -> str:
    from desktop.domain import registers as register_rules  # its dataclasses load only when needed

    if entity in register_rules.ENTITIES and name in {f.name for f in register_rules.column_fields(entity)}:
        return register_rules.field_label(entity, name)
    return field_label(name)


def lines_for(store: Store, entity: str, entity_id: int) -> list[HistoryLine]:
    """Oldest first: when, who, what, field, old → new."""
    return [HistoryLine(at=row["at"].replace("T", " "), who=row["os_user"],
                        action=ACTION_LABELS.get(row["action"], row["action"]),
                        field=_label_for(entity, row["field"]) if row["field"] else "",
                        old=_readable(row["old"]), new=_readable(row["new"]))
            for row in change_log.history(store.db, entity, entity_id)]


def deleted_evidence(store: Store, ledger_id: int) -> list[DeletedEntry]:
    """Deleted evidence of a ledger that has not been restored, newest first."""
    found = []
    for row in change_log.deletions(store.db, ledger_id, "evidence"):
        data = json.loads(row["old"])
        found.append(DeletedEntry(
            evidence_id=row["entity_id"], deleted_at=row["at"].replace("T", " "), deleted_by=row["os_user"],
            title=data.get("title", ""), formed_on=data.get("formed_on", ""),
            file_names=tuple(a["original_name"] for a in data.get("attachments", ()))))
    return found


def restore_evidence(store: Store, evidence_id: int) -> RestoreResult:
    """Bring a deleted entry back (as a new entry) with its links and the files the store still has."""
    snapshot = change_log.last_deletion(store.db, "evidence", evidence_id)
    if snapshot is None:
        raise UserError("修改记录中没有这条佐证材料的删除记录，无法恢复。")
    ledger_id = snapshot["ledger_id"]
    ensure_writable(store, ledger_id)
    item_ids = [i for i in snapshot.get("item_ids", ()) if ledgers_repo.get_item(store.db, i) is not None]
    fields = {"formed_on": date.fromisoformat(snapshot["formed_on"]), "title": snapshot["title"],
              "kind": snapshot["kind"], "description": snapshot.get("description", ""), "item_ids": item_ids}
    result = RestoreResult(evidence_id=0)
    with transaction(store.db):
        result.evidence_id = evidence_repo.create(store.db, ledger_id, fields)
        for attachment in snapshot.get("attachments", ()):
            if not _reattach(store, ledger_id, result.evidence_id, attachment):
                result.missing_files.append(attachment["original_name"])
        change_log.record(store.db, ledger_id=ledger_id, entity="evidence", entity_id=evidence_id,
                          action="restore", new={"restored_as": result.evidence_id})
    return result


def evidence_state(entry) -> dict:
    """What an undo step of an evidence edit puts back: fields, links and files (set_evidence_state)."""
    return {"title": entry.title, "kind": entry.kind, "formed_on": entry.formed_on,
            "description": entry.description, "item_ids": list(entry.item_ids),
            "files": attachment_snapshot(entry)}


def attachment_snapshot(entry) -> list[dict]:
    """An entry's files as an undo step remembers them."""
    return [{"sha256": a.sha256, "original_name": a.original_name, "size": a.size, "media_type": a.media_type}
            for a in entry.attachments]


def set_evidence_state(store: Store, evidence_id: int, state: dict, today: date | None = None) -> list[str]:
    """Put an entry back as an undo step remembers it (evidence_state): fields, links and exactly these
    files, in one transaction. Files it has beyond them go to the trash (after the commit); missing ones
    come back from the store or the trash. Returns the names of files found in neither."""
    current = evidence_repo.get(store.db, evidence_id)
    if current is None:
        raise UserError("找不到该佐证材料，可能已被删除。")
    ensure_writable(store, current.ledger_id)
    fields = validate_evidence(state["title"], state["kind"], state["formed_on"], state["description"],
                               state["item_ids"], today or date.today())
    with transaction(store.db):
        evidence_repo.edit(store.db, evidence_id, fields)
        missing, unused = _match_attachments(store, current, state["files"])
    for name in unused:  # after commit: a crash here leaves an unused file, never a row without its file
        store.files.remove(name)
    return missing


def _match_attachments(store: Store, current, wanted: list[dict]) -> tuple[list[str], list[str]]:
    """Inside the caller's transaction: (names not found, stored files no entry uses any more). Rows are
    matched as a multiset, so an entry holding the same file twice keeps both."""
    key = lambda a: (a["sha256"], a["original_name"])  # noqa: E731
    still_wanted = Counter(key(a) for a in wanted)
    removed = []
    for attachment in current.attachments:
        own = (attachment.sha256, attachment.original_name)
        if still_wanted[own] > 0:
            still_wanted[own] -= 1
        else:
            removed.append(evidence_repo.remove_attachment_row(store.db, attachment.id))
    missing = []
    for attachment in wanted:
        if still_wanted[key(attachment)] > 0:
            still_wanted[key(attachment)] -= 1
            if not _reattach(store, current.ledger_id, current.id, attachment):
                missing.append(attachment["original_name"])
    return missing, file_store.unused_blobs(store.db, [a.sha256 for a in removed if a])


def _reattach(store: Store, ledger_id: int, evidence_id: int, attachment: dict) -> bool:
    sha, name = attachment["sha256"], attachment["original_name"]
    blob = file_store.blob_for(store.db, sha)
    # no row: the file went to the trash under the name of whichever entry stored it first
    stored_name = blob["stored_name"] if blob else store.files.trashed_name(sha)
    if stored_name is None or (not store.files.path_for(stored_name).exists()
                               and not store.files.recover(stored_name)):
        return False
    if store.files.sha256_of(stored_name) != sha:
        return False
    file_store.ensure_blob_row(store.db, sha, attachment["size"], stored_name)
    media_type = attachment.get("media_type") or mimetypes.guess_type(name)[0] or ""
    file_store.add_attachment_row(store.db, evidence_id, sha, name, attachment["size"], media_type)
    evidence_repo.log_attachment_added(store.db, ledger_id, evidence_id, name, sha)
    return True
