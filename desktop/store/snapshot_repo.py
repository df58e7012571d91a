"""Read queries the ledger snapshot needs that no other repository has: identities (uids, template keys) and
the evidence of a ledger with its links and files, read in a few passes rather than per entry."""

from contextlib import contextmanager

from desktop.store.connection import Database


@contextmanager
def consistent_read(db: Database):
    """One read transaction (WAL: writers go on, this reader sees one state); joins an open transaction."""
    if db.conn.in_transaction:
        yield
        return
    db.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        if db.conn.in_transaction:
            db.execute("COMMIT")  # nothing was written: this only ends the read


def ledger_identity(db: Database, ledger_id: int) -> dict | None:
    """uids of the ledger and its unit, and the template's key, version and name."""
    rows = list(db.query(
        "SELECT l.uid AS ledger_uid, u.uid AS unit_uid, t.key AS template_key, t.version AS template_version, "
        "t.name AS template_name FROM ledger l JOIN unit u ON u.id = l.unit_id "
        "JOIN template t ON t.id = l.template_id WHERE l.id = ?", [ledger_id]))
    return rows[0] if rows else None


def item_identities(db: Database, ledger_id: int) -> dict[int, tuple[str, str]]:
    """Ledger item id → (uid, template node key)."""
    return {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT li.id, li.uid, coalesce(n.key, n.code) FROM ledger_item li "
        "JOIN template_node n ON n.id = li.node_id WHERE li.ledger_id = ?", [ledger_id])}


def entry_uids(db: Database, entity: str, entry_ids: list[int]) -> dict[int, str]:
    """Register entry id → uid (entity is a register table name, checked by the caller)."""
    if not entry_ids:
        return {}
    return {r[0]: r[1] for r in db.execute(
        f"SELECT id, uid FROM [{entity}] WHERE id IN (SELECT value FROM json_each(?))",
        [f"[{','.join(str(int(i)) for i in entry_ids)}]"])}


def _of_items(item_ids) -> tuple[str, list]:
    """The restriction to the evidence of some items (None: every entry of the ledger)."""
    if item_ids is None:
        return "", []
    return (" AND e.id IN (SELECT evidence_id FROM evidence_item WHERE ledger_item_id IN "
            "(SELECT value FROM json_each(?)))", [f"[{','.join(str(int(i)) for i in item_ids)}]"])


def evidence(db: Database, ledger_id: int, item_ids=None):
    """The ledger's evidence entries (oldest first), as tuples: id, uid, formed_on, title, kind; item_ids:
    only the entries filed under those items."""
    where, args = _of_items(item_ids)
    return db.execute("SELECT e.id, e.uid, e.formed_on, e.title, e.kind FROM evidence e WHERE e.ledger_id = ?"
                      f"{where} ORDER BY e.formed_on, e.id", [ledger_id, *args])


def evidence_count(db: Database, ledger_id: int) -> int:
    return db.execute("SELECT count(*) FROM evidence WHERE ledger_id = ?", [ledger_id]).fetchone()[0]


def evidence_links(db: Database, ledger_id: int, item_ids=None):
    """(evidence id, ledger item id) pairs of the ledger's evidence."""
    where, args = _of_items(item_ids)
    return db.execute("SELECT ei.evidence_id, ei.ledger_item_id FROM evidence_item ei "
                      f"JOIN evidence e ON e.id = ei.evidence_id WHERE e.ledger_id = ?{where}", [ledger_id, *args])


def attachments(db: Database, ledger_id: int, item_ids=None):
    """The files of the ledger's evidence in the order they were added: evidence id, id, uid, sha256,
    original name, size, media type, the name in the managed store."""
    where, args = _of_items(item_ids)
    return db.execute(
        "SELECT a.evidence_id, a.id, a.uid, a.sha256, a.original_name, a.size, a.media_type, b.stored_name "
        "FROM attachment a JOIN evidence e ON e.id = a.evidence_id LEFT JOIN blob b ON b.sha256 = a.sha256 "
        f"WHERE e.ledger_id = ?{where} ORDER BY a.evidence_id, a.id", [ledger_id, *args])


def documented_entries(db: Database, ledger_id: int, item_ids=None):
    """(evidence id, register entity, entry id): evidence filed as documents of register entries."""
    where, args = _of_items(item_ids)
    return db.execute("SELECT re.evidence_id, re.entity, re.entity_id FROM register_evidence re "
                      f"JOIN evidence e ON e.id = re.evidence_id WHERE e.ledger_id = ?{where} "
                      "ORDER BY re.evidence_id, re.entity, re.entity_id", [ledger_id, *args])


def report_texts(db: Database, ledger_id: int) -> dict[tuple[str, str], str]:
    """The officer's own text of the annual report: (section, part code or "") → text."""
    return {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT section, part_code, text FROM report_text WHERE ledger_id = ? ORDER BY section, part_code",
        [ledger_id])}


def log_position(db) -> int:
    """The change log's last row id (0 for an empty log)."""
    return db.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]
