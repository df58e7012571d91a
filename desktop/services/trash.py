"""Deleted entries brought back: under their own id, with their links, and their files from the file
store's trash. Also what an undo that re-inserts attachment rows needs: their files back."""

import json
import mimetypes
from datetime import date

from desktop.domain import registers as rules
from desktop.store import evidence_repo, file_store, ledgers_repo, operations, registers_repo
from desktop.store.operations import Changes, Operation
from desktop.store.store import Store


def bring_back(store: Store, op: Operation, sha: str, size: int, blob_row: dict | None = None) -> bool:
    """Make sure the file with this content is in the store and has its blob row (the one given, when an
    undo has it): from files/ or from the trash, checked by its SHA-256. False: it is in neither."""
    blob = file_store.blob_for(store.db, sha)
    stored_name = (blob or blob_row or {}).get("stored_name") or store.files.existing_name(sha) \
        or store.files.trashed_name(sha)
    if stored_name is None:
        return False
    if not store.files.path_for(stored_name).exists() and not store.files.recover(stored_name):
        return False
    if store.files.sha256_of(stored_name) != sha:
        return False
    if blob is None and blob_row is not None:
        op.insert("blob", blob_row, ignore=True)
    elif blob is None:
        file_store.ensure_blob_row(op, sha, size, stored_name)
    return True


def _title(entity: str, data: dict) -> str:
    name = next((data[k] for k in ("title", "name", "topic", "subject", "case_no") if data.get(k)), "")
    noun = "佐证" if entity == "evidence" else rules.REGISTER_LABELS.get(entity, "")
    return f"{noun}“{name}”"


def restore(store: Store, entity: str, entry_id: int, deletion: dict) -> Changes:
    """One operation 恢复…: the delete rows of the deleting operation that belong to the entry are put back
    (an older program's deletion: the entry from its snapshot). .result: a RestoreResult."""
    from desktop.services.history import RestoreResult

    snapshot = json.loads(deletion["old"])
    result = RestoreResult(evidence_id=entry_id)
    if deletion["operation_id"] is None:
        action = lambda op: _from_snapshot(store, op, entry_id, deletion["ledger_id"], snapshot, result)  # noqa: E731
    else:
        rows = _deleted_rows(store, entity, entry_id, deletion["operation_id"])
        action = lambda op: _reinsert(store, op, rows, result)  # noqa: E731
    return operations.run(store.db, "恢复" + _title(entity, snapshot), action, deletion["ledger_id"])


def _deleted_rows(store: Store, entity: str, entry_id: int, op_id: int) -> list[dict]:
    from desktop.store import change_log

    rows = [r for r in change_log.entry_rows(store.db, op_id, entity, entry_id) if r["action"] == "delete"]
    if entity == "evidence":  # its register links are logged under the register entry, its files as blobs
        shas = {json.loads(r["old"])["sha256"] for r in rows if r["table_name"] == "attachment"}
        for r in change_log.raw_rows(store.db, "operation_id = ? AND action = 'delete' AND table_name IN "
                                               "('register_evidence', 'blob')", [op_id]):
            data = json.loads(r["old"])
            if data.get("evidence_id") == entry_id or data.get("sha256") in shas and r["table_name"] == "blob":
                rows.append(r)
    return sorted(rows, key=lambda r: (r["table_name"] != entity, r["id"]))  # the entry first


def _reinsert(store: Store, op: Operation, rows: list[dict], result) -> object:
    blobs = {json.loads(r["old"])["sha256"]: json.loads(r["old"]) for r in rows if r["table_name"] == "blob"}
    for r in rows:
        table, data = r["table_name"], json.loads(r["old"])
        if table == "blob" or not _target_exists(store, table, data):
            continue
        if table == "attachment" and not bring_back(store, op, data["sha256"], data["size"],
                                                    blobs.get(data["sha256"])):
            result.missing_files.append(data["original_name"])
            continue
        op.insert(table, data, ignore=True)
    return result


def _target_exists(store: Store, table: str, data: dict) -> bool:
    """A link comes back only to what is still there (an item, an officer, an entry)."""
    db = store.db
    if table in ("evidence_item", "register_item_link"):
        return ledgers_repo.get_item(db, data["ledger_item_id"]) is not None
    if table == "training_attendance":
        return bool(registers_repo.ledger_of_entries(db, rules.OFFICER, [data["officer_id"]]))
    if table == "register_evidence":
        return (evidence_repo.get(db, data["evidence_id"]) is not None
                and bool(registers_repo.ledger_of_entries(db, data["entity"], [data["entity_id"]])))
    return True


def _from_snapshot(store: Store, op: Operation, entry_id: int, ledger_id: int, snapshot: dict, result):
    """An entry an older program deleted (its change log kept the entry as JSON)."""
    fields = {"formed_on": date.fromisoformat(snapshot["formed_on"]), "title": snapshot["title"],
              "kind": snapshot["kind"], "description": snapshot.get("description", ""),
              "item_ids": [i for i in snapshot.get("item_ids", ()) if ledgers_repo.get_item(store.db, i)]}
    evidence_repo.create(op, ledger_id, fields, entry_id=entry_id)
    for attachment in snapshot.get("attachments", ()):
        if not reattach(store, op, entry_id, attachment):
            result.missing_files.append(attachment["original_name"])
    return result


def reattach(store: Store, op: Operation, evidence_id: int, attachment: dict) -> bool:
    """An attachment row for a file that comes back from the store or its trash; False if it cannot."""
    if not bring_back(store, op, attachment["sha256"], attachment["size"]):
        return False
    name = attachment["original_name"]
    media_type = attachment.get("media_type") or mimetypes.guess_type(name)[0] or ""
    file_store.add_attachment_row(op, evidence_id, attachment["sha256"], name, attachment["size"], media_type)
    return True


def files_back(store: Store, op: Operation, changes_rows: list[tuple[str, dict]]) -> list[str]:
    """After an undo or redo re-inserted rows (inside its operation): each re-inserted attachment's file
    back from the trash; an attachment whose file is gone loses its row again. Returns the missing names."""
    missing = []
    for table, row in changes_rows:
        if table != "attachment" or not evidence_repo.attachment_exists(store.db, row["id"]):
            continue  # a later row of the same step took it away again (redo of an undo that lost its file)
        if not bring_back(store, op, row["sha256"], row["size"]):
            op.delete("attachment", row["id"])
            missing.append(row["original_name"])
    return missing


def drop_unused_blobs(store: Store, op: Operation) -> None:
    """Inside an undo or redo: the blob rows of files its removed attachments used and nothing uses now
    go too (their files go to the trash after the commit)."""
    from desktop.store import change_log

    shas = [json.loads(r["old"])["sha256"] for r in change_log.raw_rows(
        store.db, "operation_id = ? AND table_name = 'attachment' AND action = 'delete'", [op.id])]
    file_store.unused_blobs(op, shas)
