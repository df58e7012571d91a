-- Register rules (issue 11 §3): what the statutes check on each register entry. New columns only, each
-- with a default, so every row of an older database keeps its meaning.

-- 合法性审查: 法律职业资格 of the reviewer (行政处罚法 Art.58 ¶2), the 集体讨论 date (条例 Art.25/26), and
-- 是否采纳 as a tri-state. The old 0/1 column `adopted` stays (unused) for the history: 1 becomes 已采纳,
-- 0 becomes 未记录 (an unticked box never said 未采纳).
ALTER TABLE legality_review ADD COLUMN reviewer_qualified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE legality_review ADD COLUMN adoption TEXT NOT NULL DEFAULT '未记录';
ALTER TABLE legality_review ADD COLUMN discussed_on TEXT;
UPDATE legality_review SET adoption = '已采纳' WHERE adopted = 1;

-- 行政执法案件: 立案 (Art.60), officers on the case (Art.42), 不予处罚, 罚没金额, 移送, and a published
-- decision 撤销/变更 with the withdrawal of its publication (Art.48 ¶2).
ALTER TABLE enforcement_case ADD COLUMN filed_on TEXT;
ALTER TABLE enforcement_case ADD COLUMN case_officers TEXT NOT NULL DEFAULT '';
ALTER TABLE enforcement_case ADD COLUMN no_penalty INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_case ADD COLUMN fine_amount REAL;
ALTER TABLE enforcement_case ADD COLUMN transferred_to TEXT NOT NULL DEFAULT '';
ALTER TABLE enforcement_case ADD COLUMN revision TEXT NOT NULL DEFAULT '';
ALTER TABLE enforcement_case ADD COLUMN revised_on TEXT;
ALTER TABLE enforcement_case ADD COLUMN withdrawn_on TEXT;

ALTER TABLE adviser_service ADD COLUMN adoption TEXT NOT NULL DEFAULT '未记录';
UPDATE adviser_service SET adoption = '已采纳' WHERE adopted = 1;

-- a session that also served as business/legal training of the officers (纲要（34）)
ALTER TABLE training ADD COLUMN officer_training INTEGER NOT NULL DEFAULT 0;

-- certificates expire; legal reviewers and their qualification (118号（十一）: reviewers ≥ 5 % of officers)
ALTER TABLE enforcement_officer ADD COLUMN certificate_expires TEXT;
ALTER TABLE enforcement_officer ADD COLUMN legal_reviewer INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_officer ADD COLUMN legal_qualification INTEGER NOT NULL DEFAULT 0;

-- 案件/事项: 行政复议, 行政应诉, 信访 and 依申请公开 matters with their statutory periods (domain/registers/matters.py)
CREATE TABLE matter (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    party TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    petition_track TEXT NOT NULL DEFAULT '',
    extended INTEGER NOT NULL DEFAULT 0,
    answered_on TEXT,
    concluded_on TEXT,
    outcome TEXT NOT NULL DEFAULT '',
    head_appeared INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX matter_uid ON matter (uid);
CREATE INDEX matter_ledger ON matter (ledger_id, received_on);

-- 普法活动: events with their 人次 (domain/registers/publicity.py)
CREATE TABLE law_publicity (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT,
    ledger_id INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    organizer TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX law_publicity_uid ON law_publicity (uid);
CREATE INDEX law_publicity_ledger ON law_publicity (ledger_id, held_on);
