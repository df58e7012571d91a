-- 0003: the seal of a locked (已报送) year ledger. ledger.locked_at/locked_by say whether it is locked now;
-- each lock adds a seal row: a SHA-256 of the ledger's content, the snapshot workbook written at that moment
-- and its own SHA-256, the backup made first; unlocking fills in who, when and why.

CREATE TABLE ledger_seal (
    id INTEGER PRIMARY KEY,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    locked_at TEXT NOT NULL,
    locked_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    content_sha256 TEXT NOT NULL,
    snapshot_path TEXT NOT NULL DEFAULT '',  -- relative to the data directory
    snapshot_sha256 TEXT NOT NULL DEFAULT '',
    backup_name TEXT NOT NULL DEFAULT '',
    unlocked_at TEXT,
    unlocked_by TEXT,
    unlock_reason TEXT
);
CREATE INDEX ledger_seal_ledger ON ledger_seal (ledger_id, id);

