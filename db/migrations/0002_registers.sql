-- 0002: the registers (专项台账) of a year ledger: legality reviews, enforcement cases, legal advisers and
-- their services, study and training with enforcement officers' hours; links to ledger items and evidence.
-- Dates are ISO text, booleans 0/1. Vocabularies are checked by the program (desktop/domain/registers.py).

CREATE TABLE legality_review (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    submitted_by TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    time_limit_days INTEGER NOT NULL,
    extension_days INTEGER NOT NULL DEFAULT 0,
    extension_approved_by TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '',
    adviser_consulted INTEGER NOT NULL DEFAULT 0,
    opinion TEXT NOT NULL DEFAULT '',
    opinion_reasons TEXT NOT NULL DEFAULT '',
    opinion_on TEXT,
    adopted INTEGER NOT NULL DEFAULT 0,
    archive_no TEXT NOT NULL DEFAULT '',
    proc_public_participation INTEGER NOT NULL DEFAULT 0,
    proc_expert_argument INTEGER NOT NULL DEFAULT 0,
    proc_risk_assessment INTEGER NOT NULL DEFAULT 0,
    proc_legality_review INTEGER NOT NULL DEFAULT 0,
    proc_collective_decision INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX legality_review_ledger ON legality_review (ledger_id, received_on);

CREATE TABLE enforcement_case (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    case_no TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    party TEXT NOT NULL DEFAULT '',
    decision_on TEXT,
    is_major INTEGER NOT NULL DEFAULT 0,
    -- the 法制审核 of a major decision; a referenced review cannot be deleted
    legality_review_id INTEGER REFERENCES legality_review(id),
    publicity_days INTEGER NOT NULL,
    published_on TEXT,
    publication_place TEXT NOT NULL DEFAULT '',
    publicity_exempt_reason TEXT NOT NULL DEFAULT '',
    text_record_complete INTEGER NOT NULL DEFAULT 0,
    av_measure TEXT NOT NULL DEFAULT '',
    av_record_complete INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (ledger_id, case_no)
);
CREATE INDEX enforcement_case_review ON enforcement_case (legality_review_id);

CREATE TABLE adviser (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    firm TEXT NOT NULL DEFAULT '',
    adviser_type TEXT NOT NULL,
    contract_start TEXT,
    contract_end TEXT,
    scope TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX adviser_ledger ON adviser (ledger_id);

CREATE TABLE adviser_service (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    served_on TEXT NOT NULL,
    -- an adviser with services cannot be deleted
    adviser_id INTEGER NOT NULL REFERENCES adviser(id),
    kind TEXT NOT NULL,
    served_party TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 1,
    unit TEXT NOT NULL,
    adopted INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX adviser_service_ledger ON adviser_service (ledger_id, served_on);
CREATE INDEX adviser_service_adviser ON adviser_service (adviser_id);

CREATE TABLE training (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    held_on TEXT NOT NULL,
    topic TEXT NOT NULL,
    speaker TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '',
    hours REAL NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX training_ledger ON training (ledger_id, held_on);

CREATE TABLE enforcement_officer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    certificate_no TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX enforcement_officer_ledger ON enforcement_officer (ledger_id);

-- per-person hours of a training session; an officer with hours on record cannot be deleted
CREATE TABLE training_attendance (
    training_id INTEGER NOT NULL REFERENCES training(id) ON DELETE CASCADE,
    officer_id INTEGER NOT NULL REFERENCES enforcement_officer(id),
    hours REAL NOT NULL,
    PRIMARY KEY (training_id, officer_id)
);
CREATE INDEX training_attendance_officer ON training_attendance (officer_id);

-- the ledger items an entry proves (entity = table name above)
CREATE TABLE register_item_link (
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    ledger_item_id INTEGER NOT NULL REFERENCES ledger_item(id) ON DELETE CASCADE,
    PRIMARY KEY (entity, entity_id, ledger_item_id)
);
CREATE INDEX register_item_link_item ON register_item_link (ledger_item_id);

-- evidence entries (with their files) that document a register entry
CREATE TABLE register_evidence (
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    PRIMARY KEY (entity, entity_id, evidence_id)
);
CREATE INDEX register_evidence_evidence ON register_evidence (evidence_id);

-- An entry's links go with it, also when its ledger is deleted (cascades fire these triggers too).
CREATE TRIGGER legality_review_links_ad AFTER DELETE ON legality_review BEGIN
    DELETE FROM register_item_link WHERE entity = 'legality_review' AND entity_id = old.id;
    DELETE FROM register_evidence WHERE entity = 'legality_review' AND entity_id = old.id;
END;
CREATE TRIGGER enforcement_case_links_ad AFTER DELETE ON enforcement_case BEGIN
    DELETE FROM register_item_link WHERE entity = 'enforcement_case' AND entity_id = old.id;
    DELETE FROM register_evidence WHERE entity = 'enforcement_case' AND entity_id = old.id;
END;
CREATE TRIGGER adviser_links_ad AFTER DELETE ON adviser BEGIN
    DELETE FROM register_item_link WHERE entity = 'adviser' AND entity_id = old.id;
    DELETE FROM register_evidence WHERE entity = 'adviser' AND entity_id = old.id;
END;
CREATE TRIGGER adviser_service_links_ad AFTER DELETE ON adviser_service BEGIN
    DELETE FROM register_item_link WHERE entity = 'adviser_service' AND entity_id = old.id;
    DELETE FROM register_evidence WHERE entity = 'adviser_service' AND entity_id = old.id;
END;
CREATE TRIGGER training_links_ad AFTER DELETE ON training BEGIN
    DELETE FROM register_item_link WHERE entity = 'training' AND entity_id = old.id;
    DELETE FROM register_evidence WHERE entity = 'training' AND entity_id = old.id;
END;
CREATE TRIGGER enforcement_officer_links_ad AFTER DELETE ON enforcement_officer BEGIN
    DELETE FROM register_item_link WHERE entity = 'enforcement_officer' AND entity_id = old.id;
    DELETE FROM register_evidence WHERE entity = 'enforcement_officer' AND entity_id = old.id;
END;
