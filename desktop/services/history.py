"""修改记录: the change log read back for people, and deleted evidence brought back from it."""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.errors import UserError
from desktop.domain.validation import validate_evidence
from desktop.services import trash
from desktop.services.ledgers import ensure_writable
from desktop.store import change_log, evidence_repo, file_store, ledgers_repo, operations, registers_repo
from desktop.store.operations import Changes
from desktop.store.store import Store

# what no column of the schema (desktop/domain/columns.py) names: links, files, seals, settings
FIELD_LABELS = {
    "title": "标题", "kind": "类别", "item_ids": "关联条目", "attachment": "附件",
    "attendance": "参训人员", "evidence": "佐证材料", "locked_at": "锁定时间", "locked_by": "锁定人",
    "note": "说明", "content_sha256": "内容校验值", "snapshot_path": "进度表快照", "reason": "理由",
    "unlocked_by": "解除人", "restored_as": "恢复为", "year": "年度", "code": "编号", "name": "名称",
    # settings, by key
    "registers.review_days": "合法性审查时限", "registers.publicity_days": "执法公示时限",
    "registers.targets": "年度目标", "workdays.user_calendar": "节假日与调休", "due.done": "已办的到期提醒",
    "workbook.signers": "进度表填报人、审核人",
}
# parts of an entry's snapshot that are no field of its own (links, files) or bookkeeping of the tree
_NOT_SHOWN = ("item_ids", "attachments", "attendance", "evidence_ids", "indicators", "node_id", "parent_id",
              "sort_order", "level", "template_id", "key")
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
    target: str = ""  # which entry, in an operation's view: "3.2", "佐证“…”", "执法案件“…”", "设置"
    operation_id: int | None = None  # the whole action it was part of (operation_view); None: an older row


@dataclass(frozen=True)
class DeletedEntry:
    evidence_id: int
    deleted_at: str
    deleted_by: str
    title: str
    formed_on: str
    file_names: tuple[str, ...]


@dataclass(frozen=True)
class DeletedRecord:
    """A deleted register entry in the 已删除 list."""
    entity: str
    entry_id: int
    deleted_at: str
    deleted_by: str
    title: str


@dataclass
class RestoreResult:
    evidence_id: int  # the entry's own id: a restored entry keeps it, and so its history
    missing_files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OperationView:
    """One operation as the 修改记录 shows it: label, when, who, and every change it made."""
    id: int
    label: str
    at: str
    who: str
    kind: str
    lines: tuple[HistoryLine, ...]


def field_label(name: str) -> str:
    from desktop.domain import columns

    if name.startswith("indicator:") or name in FIELD_LABELS:
        return columns.label("", name) if name.startswith("indicator:") else FIELD_LABELS[name]
    for entity in (columns.LEDGER_ITEM, columns.EVIDENCE):  # an entry's snapshot names no entity
        if any(c.key == name for c in columns.columns(entity)):
            return columns.label(entity, name)
    return name


def _readable(value: str | None) -> str:
    """A logged value as a person reads it: snapshots of whole entries become 标题：…；类别：…"""
    if value is None:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if isinstance(data, dict):
        parts = [f"{field_label(k)}：{v}" for k, v in data.items() if k not in _NOT_SHOWN and v not in ("", None)]
        if data.get("attachments"):
            parts.append("附件：" + "、".join(a["original_name"] for a in data["attachments"]))
        return "；".join(parts)
    if isinstance(data, list):
        return "、".join(str(v) for v in data)
    return value


def _label_for(entity: str, name: str) -> str:
    """The schema's word for an item's, an evidence entry's or a register entry's field, as the pages, dialogs
    and workbook say it; the history's own words for the rest."""
    from desktop.domain import columns  # with the register dataclasses: loaded only when needed

    if entity in (columns.LEDGER_ITEM, columns.EVIDENCE, *columns.REGISTER_ENTITIES) and \
            any(c.key == name for c in columns.columns(entity)):
        return columns.label(entity, name)
    return field_label(name)


def _lines(rows: list[dict], name=lambda row: "") -> list[HistoryLine]:
    return [HistoryLine(at=row["at"].replace("T", " "), who=row["os_user"],
                        action=ACTION_LABELS.get(row["action"], row["action"]),
                        field=_label_for(row["entity"], row["field"]) if row["field"] else "",
                        old=_readable(row["old"]), new=_readable(row["new"]), target=name(row),
                        operation_id=row["operation_id"])
            for row in rows]


def _target(store: Store, row: dict) -> str:
    """The entry a line of an operation is about, as the officer names it."""
    from desktop.domain import registers as register_rules

    entity, entry_id = row["entity"], row["entity_id"]
    if entity == "setting":
        return "设置"
    if entity == "ledger_item":
        item = ledgers_repo.get_item(store.db, entry_id)
        return item.code if item else ""
    snapshot = json.loads(row["old"] or row["new"] or "{}") if row["action"] != "update" else {}
    if entity == "evidence":
        found = evidence_repo.get(store.db, entry_id)
        return f"佐证“{found.title if found else snapshot.get('title', '')}”"
    if entity in register_rules.ENTITIES:
        found = registers_repo.get(store.db, entity, entry_id)
        title = found.display_title if found else next(
            (snapshot[k] for k in ("title", "name", "topic", "subject", "case_no") if snapshot.get(k)), "")
        return f"{register_rules.REGISTER_LABELS[entity]}“{title}”"
    if entity == "ledger":
        ledger = ledgers_repo.get_ledger(store.db, entry_id)
        return ledger.label if ledger else ""
    return ""


def lines_for(store: Store, entity: str, entity_id: int) -> list[HistoryLine]:
    """Oldest first: when, who, what, field, old → new (rows of older programs and of operations alike)."""
    return _lines(change_log.history(store.db, entity, entity_id))


def operation_view(store: Store, op_id: int) -> OperationView:
    """A whole operation: its label, when, who, and every change it made, in Chinese."""
    found = operations.get(store.db, op_id)
    if found is None:
        raise UserError("找不到这一步操作的记录。")
    return OperationView(id=op_id, label=found["label"], at=found["at"].replace("T", " "), who=found["os_user"],
                         kind=found["kind"], lines=tuple(_lines(change_log.operation_rows(store.db, op_id),
                                                                lambda row: _target(store, row))))


def operation_rows(store: Store, op_id: int) -> list[HistoryLine]:
    return list(operation_view(store, op_id).lines)


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


def restore_evidence(store: Store, evidence_id: int) -> Changes:
    """Bring a deleted entry back under its own id, with its links and the files the store (or its trash)
    still has: one operation 恢复佐证“…”. .result is a RestoreResult naming the files that could not come back."""
    deletion = change_log.last_deletion(store.db, "evidence", evidence_id)
    if deletion is None:
        raise UserError("修改记录中没有这条佐证材料的删除记录，无法恢复。")
    if evidence_repo.get(store.db, evidence_id) is not None:
        raise UserError("这条佐证材料已经恢复过了。")
    ensure_writable(store, deletion["ledger_id"])
    return trash.restore(store, "evidence", evidence_id, deletion)


def deleted_entries(store: Store, ledger_id: int, entity: str) -> list[DeletedRecord]:
    """Deleted entries of one register of a ledger, not restored since, newest first."""
    found = []
    for row in change_log.deletions(store.db, ledger_id, entity):
        data = json.loads(row["old"])
        title = next((data[k] for k in ("title", "name", "topic", "subject", "case_no") if data.get(k)), "")
        found.append(DeletedRecord(entity, row["entity_id"], row["at"].replace("T", " "), row["os_user"], title))
    return found


def restore_entry(store: Store, entity: str, entry_id: int) -> Changes:
    """A deleted register entry back under its own id, with its links (one operation)."""
    deletion = change_log.last_deletion(store.db, entity, entry_id)
    if deletion is None or deletion["operation_id"] is None:
        raise UserError("修改记录中没有这条记录的删除记录，无法恢复。")
    ensure_writable(store, deletion["ledger_id"])
    return trash.restore(store, entity, entry_id, deletion)


def evidence_state(entry) -> dict:
    """What an undo step of an evidence edit puts back: fields, links and files (set_evidence_state)."""
    return {"title": entry.title, "kind": entry.kind, "formed_on": entry.formed_on,
            "description": entry.description, "item_ids": list(entry.item_ids),
            "files": attachment_snapshot(entry)}


def attachment_snapshot(entry) -> list[dict]:
    """An entry's files as an undo step remembers them."""
    return [{"sha256": a.sha256, "original_name": a.original_name, "size": a.size, "media_type": a.media_type}
            for a in entry.attachments]


def set_evidence_state(store: Store, evidence_id: int, state: dict, today: date | None = None) -> Changes:
    """Put an entry back as an undo step remembers it (evidence_state): fields, links and exactly these
    files, in one operation. Files it has beyond them go to the trash (after the commit); missing ones
    come back from the store or the trash. .result: the names of files found in neither."""
    current = evidence_repo.get(store.db, evidence_id)
    if current is None:
        raise UserError("找不到该佐证材料，可能已被删除。")
    ensure_writable(store, current.ledger_id)
    fields = validate_evidence(state["title"], state["kind"], state["formed_on"], state["description"],
                               state["item_ids"], today or date.today())
    unused: list[str] = []

    def put_back(op):
        evidence_repo.edit(op, evidence_id, fields)
        missing, names = _match_attachments(store, op, current, state["files"])
        unused.extend(names)
        return missing

    changes = operations.run(store.db, f"恢复佐证“{fields['title']}”的内容", put_back, current.ledger_id)
    for name in unused:  # after commit: a crash here leaves an unused file, never a row without its file
        store.files.remove(name)
    return changes


def _match_attachments(store: Store, op, current, wanted: list[dict]) -> tuple[list[str], list[str]]:
    """Inside the operation: (names not found, stored files no entry uses any more). Rows are matched as
    a multiset, so an entry holding the same file twice keeps both."""
    key = lambda a: (a["sha256"], a["original_name"])  # noqa: E731
    still_wanted = Counter(key(a) for a in wanted)
    removed = []
    for attachment in current.attachments:
        own = (attachment.sha256, attachment.original_name)
        if still_wanted[own] > 0:
            still_wanted[own] -= 1
        else:
            removed.append(evidence_repo.remove_attachment_row(op, attachment.id))
    missing = []
    for attachment in wanted:
        if still_wanted[key(attachment)] > 0:
            still_wanted[key(attachment)] -= 1
            if not _reattach(store, op, current.id, attachment):
                missing.append(attachment["original_name"])
    return missing, file_store.unused_blobs(op, [a.sha256 for a in removed if a])


def _reattach(store: Store, op, evidence_id: int, attachment: dict) -> bool:
    return trash.reattach(store, op, evidence_id, attachment)
