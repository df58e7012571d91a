"""Bulk loading in one transaction (raw executemany: sqlite-utils' batches commit per batch)."""


from desktop.store.connection import Database, now_text, transaction


def insert_evidence(db: Database, ledger_id: int, rows: list[tuple], links: list[tuple]) -> None:
    """rows: (id, formed_on, title, kind, description); links: (evidence_id, ledger_item_id)."""
    stamp = now_text()
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO evidence (id, ledger_id, formed_on, title, kind, description, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(r[0], ledger_id, r[1], r[2], r[3], r[4], stamp, stamp) for r in rows])
        db.conn.executemany("INSERT INTO evidence_item (evidence_id, ledger_item_id) VALUES (?, ?)", links)


def insert_attachments(db: Database, blobs: list[tuple], attachments: list[tuple]) -> None:
    """blobs: (sha256, size, stored_name); attachments: (evidence_id, sha256, original_name, size, type)."""
    stamp = now_text()
    with transaction(db):
        db.conn.executemany("INSERT OR IGNORE INTO blob (sha256, size, stored_name, created_at) "
                            "VALUES (?, ?, ?, ?)", [(*b, stamp) for b in blobs])
        db.conn.executemany("INSERT INTO attachment (evidence_id, sha256, original_name, size, media_type, "
                            "added_at) VALUES (?, ?, ?, ?, ?, ?)", [(*a, stamp) for a in attachments])


def max_evidence_id(db: Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM evidence").fetchone()[0]
