"""Evidence entries, their links to ledger items, and their attachment rows."""

from datetime import date

from desktop.domain.models import Attachment, Evidence
from desktop.store import change_log
from desktop.store.connection import Database, insert, now_text, transaction, update

# FTS5 trigram needs 3+ characters; shorter Chinese terms (the usual query) are scanned.
TRIGRAM_MIN = 3


def _evidence_from_row(row: dict, item_ids=(), attachments=()) -> Evidence:
    return Evidence(id=row["id"], ledger_id=row["ledger_id"], formed_on=date.fromisoformat(row["formed_on"]),
                    title=row["title"], kind=row["kind"], description=row["description"],
                    item_ids=tuple(item_ids), attachments=tuple(attachments))


def create(db: Database, ledger_id: int, fields: dict) -> int:
    with transaction(db):
        stamp = now_text()
        evidence_id = insert(db, "evidence", {
            "ledger_id": ledger_id, "formed_on": fields["formed_on"].isoformat(), "title": fields["title"],
            "kind": fields["kind"], "description": fields["description"], "created_at": stamp,
            "updated_at": stamp})
        _link(db, evidence_id, fields["item_ids"])
        change_log.record(db, ledger_id=ledger_id, entity="evidence", entity_id=evidence_id, action="create",
                          new=_loggable(fields))
    return evidence_id


def _loggable(fields: dict) -> dict:
    out = dict(fields)
    out["formed_on"] = out["formed_on"].isoformat()
    out["item_ids"] = list(out["item_ids"])
    return out


def _link(db, evidence_id: int, item_ids) -> None:
    db.conn.executemany("INSERT OR IGNORE INTO evidence_item (evidence_id, ledger_item_id) VALUES (?, ?)",
                        [(evidence_id, i) for i in item_ids])


def edit(db: Database, evidence_id: int, fields: dict) -> None:
    with transaction(db):
        before = get(db, evidence_id)
        old = {"formed_on": before.formed_on.isoformat(), "title": before.title, "kind": before.kind,
               "description": before.description, "item_ids": list(before.item_ids)}
        new = _loggable(fields)
        update(db, "evidence", evidence_id, {k: new[k] for k in ("formed_on", "title", "kind", "description")}
               | {"updated_at": now_text()})
        db.execute("DELETE FROM evidence_item WHERE evidence_id = ?", [evidence_id])
        _link(db, evidence_id, fields["item_ids"])
        change_log.record_field_changes(db, ledger_id=before.ledger_id, entity="evidence",
                                        entity_id=evidence_id, before=old, after=new)


def delete(db: Database, evidence_id: int) -> list[str]:
    """Delete an entry (the full entry is kept in the change log); return the shas it used."""
    with transaction(db):
        before = get(db, evidence_id)
        snapshot = _loggable({"formed_on": before.formed_on, "title": before.title, "kind": before.kind,
                              "description": before.description, "item_ids": before.item_ids})
        snapshot["attachments"] = [a.__dict__ for a in before.attachments]
        db.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])
        change_log.record(db, ledger_id=before.ledger_id, entity="evidence", entity_id=evidence_id,
                          action="delete", old=snapshot)
    return [a.sha256 for a in before.attachments]


def get(db: Database, evidence_id: int) -> Evidence | None:
    rows = list(db.query("SELECT * FROM evidence WHERE id = ?", [evidence_id]))
    if not rows:
        return None
    item_ids = [r[0] for r in db.execute(
        "SELECT ledger_item_id FROM evidence_item WHERE evidence_id = ? ORDER BY ledger_item_id",
        [evidence_id]).fetchall()]
    return _evidence_from_row(rows[0], item_ids, attachments(db, evidence_id))


def attachments(db: Database, evidence_id: int) -> list[Attachment]:
    return [Attachment(**r) for r in db.query(
        "SELECT id, evidence_id, sha256, original_name, size, media_type FROM attachment "
        "WHERE evidence_id = ? ORDER BY id", [evidence_id])]


def remove_attachment_row(db: Database, attachment_id: int) -> Attachment | None:
    rows = list(db.query("SELECT a.id, a.evidence_id, a.sha256, a.original_name, a.size, a.media_type, "
                         "e.ledger_id FROM attachment a JOIN evidence e ON e.id = a.evidence_id "
                         "WHERE a.id = ?", [attachment_id]))
    if not rows:
        return None
    row = rows[0]
    ledger_id = row.pop("ledger_id")
    db.execute("DELETE FROM attachment WHERE id = ?", [attachment_id])
    change_log.record(db, ledger_id=ledger_id, entity="evidence", entity_id=row["evidence_id"],
                      action="update", field="attachment", old=row["original_name"], new=None)
    return Attachment(**row)


def log_attachment_added(db, ledger_id: int, evidence_id: int, name: str, sha: str) -> None:
    change_log.record(db, ledger_id=ledger_id, entity="evidence", entity_id=evidence_id, action="update",
                      field="attachment", old=None, new=f"{name} ({sha[:12]})")


def for_item_page(db: Database, item_id: int, offset: int, limit: int) -> list[dict]:
    """One page of an item's evidence table: plain rows with an attachment count."""
    return list(db.query(
        "SELECT e.id, e.formed_on, e.title, e.kind, e.description, "
        "(SELECT count(*) FROM attachment a WHERE a.evidence_id = e.id) AS files "
        "FROM evidence_item ei JOIN evidence e ON e.id = ei.evidence_id "
        "WHERE ei.ledger_item_id = ? ORDER BY e.formed_on DESC, e.id DESC LIMIT ? OFFSET ?",
        [item_id, limit, offset]))


def count_for_item(db: Database, item_id: int) -> int:
    """Evidence entries linked to the item (the rows of its evidence table; 佐证数 is item_evidence_count)."""
    return db.execute("SELECT count(*) FROM evidence_item WHERE ledger_item_id = ?", [item_id]).fetchone()[0]


def item_evidence_count_sql(item_id_column: str) -> str:
    """The one definition of an item's 佐证数, as an SQL expression: the evidence entries linked to it plus
    the register entries linked to it (登记即佐证). Both counts come from covering indexes alone."""
    return (f"((SELECT count(*) FROM evidence_item ei WHERE ei.ledger_item_id = {item_id_column}) + "
            f"(SELECT count(*) FROM register_item_link rl WHERE rl.ledger_item_id = {item_id_column}))")


def item_ids_matching(db: Database, ledger_id: int, term: str) -> set[int]:
    """Ledger items with an evidence entry whose title or description contains term."""
    if len(term) >= TRIGRAM_MIN:
        sql = ("SELECT DISTINCT ei.ledger_item_id FROM evidence_fts f "
               "JOIN evidence e ON e.id = f.rowid JOIN evidence_item ei ON ei.evidence_id = e.id "
               "WHERE evidence_fts MATCH ? AND e.ledger_id = ?")
        phrase = '"' + term.replace('"', '""') + '"'
        return {r[0] for r in db.execute(sql, [phrase, ledger_id]).fetchall()}
    # A sequential scan (NOT INDEXED) is 2x faster than walking the ledger index in date order.
    sql = ("SELECT DISTINCT ledger_item_id FROM evidence_item WHERE evidence_id IN ("
           "SELECT id FROM evidence NOT INDEXED WHERE ledger_id = ? "
           "AND (instr(title, ?) > 0 OR instr(description, ?) > 0))")
    return {r[0] for r in db.execute(sql, [ledger_id, term, term]).fetchall()}


def for_ledger(db: Database, ledger_id: int):
    """Every evidence entry of a ledger joined with its items and files, for exports (a generator)."""
    yield from db.query(
        "SELECT li.id AS item_id, li.code AS item_code, e.id AS evidence_id, e.formed_on, e.title, e.kind, "
        "e.description, a.original_name, a.sha256, a.size, b.stored_name, "
        "(SELECT group_concat(DISTINCT re.entity) FROM register_evidence re WHERE re.evidence_id = e.id) "
        "AS documents "  # the registers whose entries this evidence documents, comma-separated

        "FROM evidence e JOIN evidence_item ei ON ei.evidence_id = e.id "
        "JOIN ledger_item li ON li.id = ei.ledger_item_id "
        "LEFT JOIN attachment a ON a.evidence_id = e.id LEFT JOIN blob b ON b.sha256 = a.sha256 "
        "WHERE e.ledger_id = ? ORDER BY li.sort_order, e.formed_on, e.id, a.id", [ledger_id])


def for_ledger_count(db: Database, ledger_id: int) -> int:
    """How many rows for_ledger yields (for progress)."""
    return db.execute(
        "SELECT count(*) FROM evidence e JOIN evidence_item ei ON ei.evidence_id = e.id "
        "LEFT JOIN attachment a ON a.evidence_id = e.id WHERE e.ledger_id = ?", [ledger_id]).fetchone()[0]
