"""What an undo or redo must not do: take work done since along with it (a cascade, a trigger), or leave a
row pointing at nothing (a reference the schema checks only at commit). Both are refused in Chinese, before
anything is committed."""

import json

from desktop.domain.errors import UserError
from desktop.store.connection import Database

IN_USE_TEXT = ("“{label}”之后又有数据用到了它（例如后来登记的记录、佐证或参训学时），撤销或重做会连带删除或破坏"
               "这些数据，所以不能撤销或重做这一步。")
_KEYS: dict[tuple[int, int], list[tuple[str, list[str], str, list[str]]]] = {}


def foreign_keys(db: Database) -> list[tuple[str, list[str], str, list[str]]]:
    """(child table, its columns, parent table, the parent's columns) of every foreign key, per schema."""
    cache = (id(db.conn), db.execute("PRAGMA schema_version").fetchone()[0])
    if cache not in _KEYS:
        found = []
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
        for table in tables:
            keys: dict[int, tuple[str, list[str], list]] = {}
            for _id, _seq, parent, column, target, *_ in db.execute(f"PRAGMA foreign_key_list([{table}])"):
                keys.setdefault(_id, (parent, [], []))[1].append(column)
                keys[_id][2].append(target)
            for parent, columns, targets in keys.values():
                if None in targets:  # REFERENCES parent without columns: its primary key
                    targets = [r[1] for r in sorted((r for r in db.execute(f"PRAGMA table_info([{parent}])")
                                                     if r[5]), key=lambda r: r[5])]
                found.append((table, columns, parent, targets))
        _KEYS[cache] = found
    return _KEYS[cache]


def _exists(db: Database, table: str, columns: list[str], values: list) -> bool:
    where = " AND ".join(f"[{c}] = ?" for c in columns)
    return db.execute(f"SELECT 1 FROM [{table}] WHERE {where} LIMIT 1", values).fetchone() is not None


def refuse_taking_more(original: list[dict], done: list[dict], label: str) -> None:
    """done (the reversal's own rows) deletes only rows the original operation had made."""
    made = {(r["table_name"], r["row_key"]) for r in original if r["action"] == "insert"}
    if any(r["action"] == "delete" and (r["table_name"], r["row_key"]) not in made for r in done):
        raise UserError(IN_USE_TEXT.format(label=label))


def refuse_dangling(db: Database, done: list[dict], label: str) -> None:
    """No row the reversal removed is still pointed at, and every row it put back points at what exists."""
    keys = foreign_keys(db)
    last = {(r["table_name"], r["row_key"]): r for r in done if r["action"] != "update"}  # the net effect
    for r in last.values():
        if r["action"] == "delete":
            data = json.loads(r["old"])
            for child, columns, parent, targets in keys:
                values = [data.get(t) for t in targets]
                if parent == r["table_name"] and None not in values and _exists(db, child, columns, values):
                    raise UserError(IN_USE_TEXT.format(label=label))
        elif r["action"] == "insert":
            data = json.loads(r["new"])
            for child, columns, parent, targets in keys:
                values = [data.get(c) for c in columns]
                if child == r["table_name"] and None not in values and not _exists(db, parent, targets, values):
                    raise UserError(IN_USE_TEXT.format(label=label))
