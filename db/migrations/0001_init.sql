-- 0001: templates, units, year ledgers, evidence with content-addressed files, append-only change log.

CREATE TABLE template (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    version TEXT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    content_sha256 TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    UNIQUE (key, version)
);

CREATE TABLE template_node (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES template(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES template_node(id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('part', 'item', 'child')),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    obligation TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL DEFAULT '',
    evidence_kinds TEXT NOT NULL DEFAULT '[]',
    applicability TEXT NOT NULL DEFAULT '适用',
    note TEXT NOT NULL DEFAULT '',
    weight REAL NOT NULL DEFAULT 1,
    indicators TEXT NOT NULL DEFAULT '[]',
    sort_order INTEGER NOT NULL,
    UNIQUE (template_id, code)
);

CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    year INTEGER NOT NULL,
    template_id INTEGER NOT NULL REFERENCES template(id),
    created_at TEXT NOT NULL,
    locked_at TEXT,
    locked_by TEXT,
    UNIQUE (unit_id, year)
);

CREATE TABLE ledger_item (
    id INTEGER PRIMARY KEY,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    node_id INTEGER NOT NULL REFERENCES template_node(id),
    parent_id INTEGER REFERENCES ledger_item(id),
    level TEXT NOT NULL,
    code TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    progress TEXT NOT NULL DEFAULT '未开始',
    result TEXT NOT NULL DEFAULT '未评估',
    na_reason TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    remark TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    UNIQUE (ledger_id, code)
);
CREATE INDEX ledger_item_ledger ON ledger_item (ledger_id, sort_order);

CREATE TABLE indicator_value (
    ledger_item_id INTEGER NOT NULL REFERENCES ledger_item(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (ledger_item_id, key)
);

CREATE TABLE evidence (
    -- AUTOINCREMENT: a deleted entry's id is never reused, so its change log stays its own
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    formed_on TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX evidence_ledger ON evidence (ledger_id, formed_on);

CREATE TABLE evidence_item (
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    ledger_item_id INTEGER NOT NULL REFERENCES ledger_item(id) ON DELETE CASCADE,
    PRIMARY KEY (evidence_id, ledger_item_id)
);
-- covering index: evidence of one item, and counts per item, without touching evidence rows
CREATE INDEX evidence_item_by_item ON evidence_item (ledger_item_id, evidence_id);

-- one row per distinct file content; the file lives at files/<sha[:2]>/<stored_name>
CREATE TABLE blob (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    stored_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE attachment (
    id INTEGER PRIMARY KEY,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL REFERENCES blob(sha256),
    original_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL
);
CREATE INDEX attachment_evidence ON attachment (evidence_id);
CREATE INDEX attachment_sha ON attachment (sha256);

CREATE TABLE change_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    os_user TEXT NOT NULL,
    ledger_id INTEGER,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    action TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    old TEXT,
    new TEXT
);
CREATE INDEX change_log_entity ON change_log (entity, entity_id);

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;

-- trigram full-text index for terms of 3+ characters; shorter terms fall back to a scan
CREATE VIRTUAL TABLE evidence_fts USING fts5 (
    title, description, content='evidence', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER evidence_fts_ai AFTER INSERT ON evidence BEGIN
    INSERT INTO evidence_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER evidence_fts_ad AFTER DELETE ON evidence BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
END;
CREATE TRIGGER evidence_fts_au AFTER UPDATE OF title, description ON evidence BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO evidence_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
