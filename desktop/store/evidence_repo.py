"""Evidence entries, their links to ledger items, and their attachment rows."""

from datetime import date

from desktop.domain.models import Attachment, Evidence
from desktop.store.connection import Database, now_text
from desktop.store.operations import Operation

# FTS5 trigram needs 3+ characters; shorter Chinese terms (the usual query) are scanned.
TRIGRAM_MIN = 3


def _evidence_from_row(row: dict, item_ids=(), attachments=()) -> Evidence:
    return Evidence(id=row["id"], ledger_id=row["ledger_id"], formed_on=date.fromisoformat(row["formed_on"]),
                    title=row["title"], kind=row["kind"], description=row["description"],
                    item_ids=tuple(item_ids), attachments=tuple(attachments))


def create(op: Operation, ledger_id: int, fields: dict, entry_id: int | None = None) -> int:
    """entry_id: an entry an older program deleted comes back under its own id."""
    stamp = now_text()
    evidence_id = op.insert("evidence", ({"id": entry_id} if entry_id else {}) | {
        "ledger_id": ledger_id, "formed_on": fields["formed_on"].isoformat(), "title": fields["title"],
        "kind": fields["kind"], "description": fields["description"], "created_at": stamp,
        "updated_at": stamp})
    _link(op, evidence_id, fields["item_ids"])
    return evidence_id


def _link(op: Operation, evidence_id: int, item_ids) -> None:
    op.insert_all("evidence_item", [{"evidence_id": evidence_id, "ledger_item_id": i} for i in item_ids],
                  ignore=True)


def edit(op: Operation, evidence_id: int, fields: dict) -> int:
    """Write the fields that differ and the links that changed; returns how many of the two kinds changed."""
    before = get(op.db, evidence_id)
    old = {"formed_on": before.formed_on.isoformat(), "title": before.title, "kind": before.kind,
           "description": before.description}
    new = {"formed_on": fields["formed_on"].isoformat(), "title": fields["title"], "kind": fields["kind"],
           "description": fields["description"]}
    columns = {k: v for k, v in new.items() if old[k] != v}
    if columns:
        op.update("evidence", evidence_id, {**columns, "updated_at": now_text()})
    wanted, have = set(fields["item_ids"]), set(before.item_ids)
    for item_id in sorted(have - wanted):
        op.delete("evidence_item", (evidence_id, item_id))
    _link(op, evidence_id, sorted(wanted - have))
    return len(columns) + (wanted != have)


def delete(op: Operation, evidence_id: int) -> list[str]:
    """Delete an entry (its rows, links and files stay in the change log); return the shas it used."""
    before = get(op.db, evidence_id)
    op.delete("evidence", evidence_id)
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


def attachment_exists(db: Database, attachment_id: int) -> bool:
    return db.execute("SELECT 1 FROM attachment WHERE id = ?", [attachment_id]).fetchone() is not None


def remove_attachment_row(op: Operation, attachment_id: int) -> Attachment | None:
    rows = list(op.db.query("SELECT id, evidence_id, sha256, original_name, size, media_type FROM attachment "
                            "WHERE id = ?", [attachment_id]))
    if not rows:
        return None
    op.delete("attachment", attachment_id)
    return Attachment(**rows[0])


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
