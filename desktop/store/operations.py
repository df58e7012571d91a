"""Operations: every user action is one transaction with one `operation` row; the change-log triggers
(store/change_triggers.py) file every row it writes under it. Undo replays an operation's rows in reverse as a
new operation (old values back, created rows removed, deleted rows re-inserted under their own ids); redo
reverses the undo. The Qt undo stack holds only operation ids."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.errors import UserError
from desktop.store import reverse_checks
from desktop.store.connection import Database, now_text

# tables whose rows carry a uid that outlives this database
UID_TABLES = frozenset({"unit", "ledger", "ledger_item", "evidence", "attachment", "legality_review",
                        "enforcement_case", "adviser", "adviser_service", "training", "enforcement_officer",
                        "matter", "law_publicity"})
STALE_TEXT = "“{label}”之后，这些数据又被修改过（可能在另一个窗口或程序里），不能撤销或重做这一步。"


def os_user() -> str:
    import getpass  # with uuid: loaded with the first write, not on the first paint

    try:
        return getpass.getuser()
    except Exception:  # no login name in some service contexts
        return "未知用户"


def new_uid() -> str:
    import uuid

    return uuid.uuid4().hex


@dataclass(frozen=True)
class Changes:
    """What one operation changed, so that each view refreshes only what concerns it."""
    op_id: int | None = None
    label: str = ""
    ledger_id: int | None = None
    tables: frozenset[str] = frozenset()
    entries: frozenset[tuple[str, int]] = frozenset()  # (entity, id) of every entry touched
    item_ids: frozenset[int] = frozenset()  # ledger items whose row, evidence or links changed
    reinserted: tuple[tuple[str, dict], ...] = ()  # rows an undo or redo put back, as (table, row)
    result: Any = None  # what the action returns (a new entry's id, …)

    @property
    def empty(self) -> bool:
        return self.op_id is None

    def touches(self, *tables: str) -> bool:
        return any(t in self.tables for t in tables)

    def ids_of(self, entity: str) -> set[int]:
        return {i for e, i in self.entries if e == entity}


@dataclass
class Operation:
    db: Database
    id: int
    label: str
    ledger_id: int | None
    result: Any = None
    reinserted: list[tuple[str, dict]] = field(default_factory=list)
    depth: int = 0  # how many service calls deep inside the action that opened it

    def insert(self, table: str, row: dict, *, ignore: bool = False) -> int:
        """The new row's primary key (rowid); a table with uids gets a fresh one unless the row has it.
        ignore: a row whose key exists already is left as it is (a shared file's blob row)."""
        if table in UID_TABLES and not row.get("uid"):
            row = {**row, "uid": new_uid()}
        return self.db.table(table).insert(row, ignore=ignore).last_rowid

    def for_ledger(self, ledger_id: int) -> None:
        """The ledger this action turned out to be about (a ledger it just created): later rows carry it."""
        if self.id is not None and self.ledger_id is None:
            self.ledger_id = ledger_id
            self.db.table("operation").update(self.id, {"ledger_id": ledger_id})
            self.db.table("op_context").update(1, {"ledger_id": ledger_id})

    def relabel(self, label: str) -> None:
        """Name the action after what it turned out to change ("修改 3.2 的进度、责任人"); a service called
        inside another's operation leaves that one's name alone."""
        if label and label != self.label and self.id is not None and not self.depth:
            self.label = label
            self.db.table("operation").update(self.id, {"label": label})

    def insert_all(self, table: str, rows, *, ignore: bool = False) -> None:
        rows = list(rows)
        if table in UID_TABLES:
            rows = [r if r.get("uid") else {**r, "uid": new_uid()} for r in rows]
        if rows:
            self.db.table(table).insert_all(rows, ignore=ignore)

    def update(self, table: str, pk, fields: dict) -> None:
        if fields:
            self.db.table(table).update(pk, fields)

    def upsert(self, table: str, row: dict, pk) -> None:
        self.db.table(table).upsert(row, pk=pk)

    def delete(self, table: str, pk) -> None:
        self.db.table(table).delete(pk)

    def delete_where(self, table: str, where: str, args=()) -> None:
        self.db.table(table).delete_where(where, args)


_ACTIVE: dict[int, Operation] = {}  # id(connection) → the operation open on it


@contextmanager
def operation(db: Database, label: str, ledger_id: int | None = None, *, kind: str = "do",
              reverses: int | None = None) -> Iterator[Operation]:
    """One user action. Nested in another operation on the same connection it joins that one. An operation
    that changed nothing leaves no row (saving a dialog without a change is not a step)."""
    outer = _ACTIVE.get(id(db.conn))
    if outer is not None:
        yield outer
        return
    with db.write():
        stamp, user = now_text(), os_user()
        op_id = db.table("operation").insert({"uid": new_uid(), "at": stamp, "os_user": user,
                                              "ledger_id": ledger_id, "kind": kind, "label": label,
                                              "reverses": reverses}).last_rowid
        context = db.table("op_context")
        context.update(1, {"operation_id": op_id, "at": stamp, "os_user": user, "ledger_id": ledger_id})
        op = Operation(db, op_id, label, ledger_id)
        _ACTIVE[id(db.conn)] = op
        try:
            yield op
        finally:
            _ACTIVE.pop(id(db.conn), None)
            if db.conn.in_transaction:
                context.update(1, {"operation_id": None, "at": None, "os_user": None, "ledger_id": None})
        if not _has_rows(db, op_id):
            db.table("operation").delete(op_id)
            op.id = None


def run(db: Database, label: str, action, ledger_id: int | None = None) -> Changes:
    """action(op) inside one operation; its return value travels in Changes.result. Called inside another
    operation it joins it and returns only the result (the outer call reports what changed)."""
    outer = active(db)
    if outer is not None:
        outer.depth += 1
        try:
            return Changes(label=label, ledger_id=ledger_id, result=action(outer))
        finally:
            outer.depth -= 1
    with operation(db, label, ledger_id) as op:
        op.result = action(op)
    return changes(db, op)


def _has_rows(db: Database, op_id: int) -> bool:
    return db.execute("SELECT 1 FROM change_log WHERE operation_id = ? LIMIT 1", [op_id]).fetchone() is not None


def active(db: Database) -> Operation | None:
    return _ACTIVE.get(id(db.conn))


# ----- what an operation changed
def log_rows(db: Database, op_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM change_log WHERE operation_id = ? ORDER BY id", [op_id]))


def changes(db: Database, op: Operation) -> Changes:
    if op.id is None:
        return Changes(label=op.label, ledger_id=op.ledger_id, result=op.result)
    rows = log_rows(db, op.id)
    entries = {(r["entity"], r["entity_id"]) for r in rows if r["entity_id"] is not None}
    return Changes(op_id=op.id, label=op.label, ledger_id=op.ledger_id,
                   tables=frozenset(r["table_name"] for r in rows), entries=frozenset(entries),
                   item_ids=frozenset(_items_touched(db, rows, entries)), reinserted=tuple(op.reinserted),
                   result=op.result)


def _items_touched(db: Database, rows: list[dict], entries: set[tuple[str, int]]) -> set[int]:
    items = {i for e, i in entries if e == "ledger_item"}
    for r in rows:
        for text in (r["old"], r["new"]):
            if r["action"] != "update" and text and '"ledger_item_id"' in text:
                items.add(json.loads(text)["ledger_item_id"])
    evidence = [i for e, i in entries if e == "evidence"]
    others = [(e, i) for e, i in entries if e not in ("evidence", "ledger_item", "ledger", "unit", "setting")]
    if evidence:
        marks = ",".join("?" * len(evidence))
        items.update(r[0] for r in db.execute(
            f"SELECT ledger_item_id FROM evidence_item WHERE evidence_id IN ({marks})", evidence))
    for entity, entry_id in others:
        items.update(r[0] for r in db.execute(
            "SELECT ledger_item_id FROM register_item_link WHERE entity = ? AND entity_id = ?", [entity, entry_id]))
    return items


def tables_of(db: Database, op_id: int) -> set[str]:
    return {r[0] for r in db.execute("SELECT DISTINCT table_name FROM change_log WHERE operation_id = ?", [op_id])}


def deleted_blob_names(db: Database, op_id: int | None) -> list[str]:
    """Stored names of the files whose blob rows this operation removed and no row names now."""
    if op_id is None:
        return []
    names = [json.loads(r[0])["stored_name"] for r in db.execute(
        "SELECT old FROM change_log WHERE operation_id = ? AND table_name = 'blob' AND action = 'delete'",
        [op_id])]
    return [n for n in names if db.execute("SELECT 1 FROM blob WHERE stored_name = ?", [n]).fetchone() is None]


def get(db: Database, op_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM operation WHERE id = ?", [op_id]))
    return rows[0] if rows else None


# ----- undo and redo
def reverse(db: Database, op_id: int, after=None) -> Changes:
    """Undo op_id (or redo it, when it was itself an undo) as a new operation. after(op), if given, runs
    inside it once the rows are back (an undo's files come back from the trash there); its return value
    is the Changes' result."""
    with db.write():
        original = get(db, op_id)
        if original is None:
            raise UserError("找不到要撤销的操作。")
        if original["reversed_by"] is not None:
            raise UserError(f"“{original['label']}”已经撤销过了。")
        rows = log_rows(db, op_id)
        _refuse_stale(db, rows, original["label"])
        kind = "redo" if original["kind"] == "undo" else "undo"
        label = get(db, original["reverses"])["label"] if kind == "redo" else f"撤销“{original['label']}”"
        with operation(db, label, original["ledger_id"], kind=kind, reverses=op_id) as op:
            db.execute("PRAGMA defer_foreign_keys = ON")  # children may come back before their parent
            for row in reversed(rows):
                _apply_reverse(op, row)
            reverse_checks.refuse_taking_more(rows, log_rows(db, op.id), original["label"])
            op.result = after(op) if after is not None else None
            reverse_checks.refuse_dangling(db, log_rows(db, op.id), original["label"])
        if op.id is not None:
            db.table("operation").update(op_id, {"reversed_by": op.id})
    return changes(db, op)


def _key(row: dict) -> dict:
    return json.loads(row["row_key"])


def _current(db: Database, table: str, key: dict) -> dict | None:
    where = " AND ".join(f"[{k}] IS ?" for k in key)
    found = list(db.query(f"SELECT * FROM [{table}] WHERE {where}", list(key.values())))
    return found[0] if found else None


def _expected(rows: list[dict]) -> dict[tuple[str, str], dict | None]:
    """Each touched row as the operation left it (None: deleted; update-only rows: the fields it set)."""
    state: dict[tuple[str, str], dict | None] = {}
    for r in rows:
        where = (r["table_name"], r["row_key"])
        if r["action"] == "insert":
            state[where] = json.loads(r["new"])
        elif r["action"] == "delete":
            state[where] = None
        else:
            column = r["field"].rsplit(".", 1)[-1] if r["table_name"] != "setting" else "value"
            current = state.get(where, {})
            state[where] = {**(current or {}), column: json.loads(r["new"])}
    return state


def _refuse_stale(db: Database, rows: list[dict], label: str) -> None:
    for (table, key_text), expected in _expected(rows).items():
        now = _current(db, table, json.loads(key_text))
        if expected is None and now is None:
            continue
        if expected is None or now is None or any(now.get(k) != v for k, v in expected.items()):
            raise UserError(STALE_TEXT.format(label=label))


def _apply_reverse(op: Operation, row: dict) -> None:
    table, key = row["table_name"], _key(row)
    pk = tuple(key.values())
    if row["action"] == "insert":  # gone already when a cascade or a trigger took it with its owner
        if table == "blob" and op.db.execute("SELECT 1 FROM attachment WHERE sha256 = ? LIMIT 1",
                                             [key["sha256"]]).fetchone():
            return  # the file is another entry's too since: its row stays
        op.delete_where(table, " AND ".join(f"[{k}] = ?" for k in key), list(key.values()))
    elif row["action"] == "delete":
        restored = json.loads(row["old"])
        op.db.table(table).insert(restored)
        op.reinserted.append((table, restored))
    else:
        column = row["field"].rsplit(".", 1)[-1] if table != "setting" else "value"
        op.update(table, pk, {column: json.loads(row["old"])})
