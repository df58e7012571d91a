-- 0004: operations (one row per user action, grouping its change-log rows, undone by a later one), the
-- operation context the change-log triggers read, uids that outlive one database, template node keys and
-- template rules, advisers and enforcement officers belonging to the unit, and the annual report's texts.
-- The change-log triggers themselves are generated from the schema after every step (store/change_triggers.py).

CREATE TABLE operation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    os_user TEXT NOT NULL,
    ledger_id INTEGER,
    kind TEXT NOT NULL DEFAULT 'do' CHECK (kind IN ('do', 'undo', 'redo')),
    label TEXT NOT NULL,
    reverses INTEGER REFERENCES operation(id),
    reversed_by INTEGER REFERENCES operation(id)
);
CREATE INDEX operation_ledger ON operation (ledger_id, id);

-- one row; operation_id is set only inside an operation's write transaction, so it is never committed
-- non-null and a write outside an operation (bookkeeping) is not logged
CREATE TABLE op_context (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    operation_id INTEGER,
    at TEXT,
    os_user TEXT,
    ledger_id INTEGER
);
INSERT INTO op_context (slot) VALUES (1);

ALTER TABLE change_log ADD COLUMN operation_id INTEGER REFERENCES operation(id);
-- the table a logged row was written to and its primary key as JSON; old/new are JSON (NULL for older rows)
ALTER TABLE change_log ADD COLUMN table_name TEXT;
ALTER TABLE change_log ADD COLUMN row_key TEXT;
CREATE INDEX change_log_operation ON change_log (operation_id, id);
CREATE INDEX change_log_ledger ON change_log (ledger_id, id);

ALTER TABLE unit ADD COLUMN uid TEXT;
ALTER TABLE ledger ADD COLUMN uid TEXT;
ALTER TABLE ledger_item ADD COLUMN uid TEXT;
ALTER TABLE evidence ADD COLUMN uid TEXT;
ALTER TABLE attachment ADD COLUMN uid TEXT;
ALTER TABLE legality_review ADD COLUMN uid TEXT;
ALTER TABLE enforcement_case ADD COLUMN uid TEXT;
ALTER TABLE adviser ADD COLUMN uid TEXT;
ALTER TABLE adviser_service ADD COLUMN uid TEXT;
ALTER TABLE training ADD COLUMN uid TEXT;
ALTER TABLE enforcement_officer ADD COLUMN uid TEXT;
UPDATE unit SET uid = lower(hex(randomblob(16)));
UPDATE ledger SET uid = lower(hex(randomblob(16)));
UPDATE ledger_item SET uid = lower(hex(randomblob(16)));
UPDATE evidence SET uid = lower(hex(randomblob(16)));
UPDATE attachment SET uid = lower(hex(randomblob(16)));
UPDATE legality_review SET uid = lower(hex(randomblob(16)));
UPDATE enforcement_case SET uid = lower(hex(randomblob(16)));
UPDATE adviser SET uid = lower(hex(randomblob(16)));
UPDATE adviser_service SET uid = lower(hex(randomblob(16)));
UPDATE training SET uid = lower(hex(randomblob(16)));
UPDATE enforcement_officer SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX unit_uid ON unit (uid);
CREATE UNIQUE INDEX ledger_uid ON ledger (uid);
CREATE UNIQUE INDEX ledger_item_uid ON ledger_item (uid);
CREATE UNIQUE INDEX evidence_uid ON evidence (uid);
CREATE UNIQUE INDEX attachment_uid ON attachment (uid);
CREATE UNIQUE INDEX legality_review_uid ON legality_review (uid);
CREATE UNIQUE INDEX enforcement_case_uid ON enforcement_case (uid);
CREATE UNIQUE INDEX adviser_uid ON adviser (uid);
CREATE UNIQUE INDEX adviser_service_uid ON adviser_service (uid);
CREATE UNIQUE INDEX training_uid ON training (uid);
CREATE UNIQUE INDEX enforcement_officer_uid ON enforcement_officer (uid);

-- a node keeps its key across versions of a template (declared in the template file; the code by default)
ALTER TABLE template_node ADD COLUMN key TEXT;
UPDATE template_node SET key = code;
-- the rules a template declares (default links, counted indicators, statutory dates), as JSON
ALTER TABLE template ADD COLUMN rules TEXT NOT NULL DEFAULT '{}';
ALTER TABLE template ADD COLUMN years TEXT NOT NULL DEFAULT '';

-- advisers and enforcement officers belong to the unit; ledger_id stays as the year they were first entered
ALTER TABLE adviser ADD COLUMN unit_id INTEGER REFERENCES unit(id);
ALTER TABLE enforcement_officer ADD COLUMN unit_id INTEGER REFERENCES unit(id);
UPDATE adviser SET unit_id = (SELECT unit_id FROM ledger WHERE ledger.id = adviser.ledger_id);
UPDATE enforcement_officer SET unit_id = (SELECT unit_id FROM ledger WHERE ledger.id = enforcement_officer.ledger_id);
CREATE INDEX adviser_unit ON adviser (unit_id);
CREATE INDEX enforcement_officer_unit ON enforcement_officer (unit_id);

-- the officer's own text for the annual report draft, per section and optionally per part of the outline
CREATE TABLE report_text (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    part_code TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    UNIQUE (ledger_id, section, part_code)
);
