"""The change log is written by triggers, generated from the schema: every insert, update and delete of a
logged table made inside an operation adds a row (the row as JSON, or one row per changed column), so no
write path can forget it and undo can replay any operation. Outside an operation nothing is logged."""

import sqlite3

# link rows are logged under the entry they belong to: (table, owner entity SQL, owner id column)
OWNED = {
    "indicator_value": ("'ledger_item'", "ledger_item_id"),
    "evidence_item": ("'evidence'", "evidence_id"),
    "attachment": ("'evidence'", "evidence_id"),
    "training_attendance": ("'training'", "training_id"),
    "register_item_link": ("{row}.entity", "entity_id"),
    "register_evidence": ("{row}.entity", "entity_id"),
}
LOGGED = ("unit", "ledger", "ledger_item", "indicator_value", "evidence", "evidence_item", "attachment",
          "legality_review", "enforcement_case", "adviser", "adviser_service", "training",
          "enforcement_officer", "training_attendance", "register_item_link", "register_evidence", "setting",
          "ledger_seal", "report_text", "blob", "matter",
          "law_publicity")
_PREFIX = "log_"


def _columns(conn: sqlite3.Connection, table: str) -> tuple[list[str], list[str]]:
    info = conn.execute(f"PRAGMA table_info([{table}])").fetchall()
    columns = [r[1] for r in info]
    pks = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])] or ["rowid"]
    return columns, pks


def _json_row(row: str, columns: list[str]) -> str:
    return "json_object(" + ", ".join(f"'{c}', {row}.[{c}]" for c in columns) + ")"


def _owner(table: str, row: str) -> tuple[str, str, str]:
    """(entity, entity_id, field) of a logged row: a link row is a field of its owner."""
    if table in OWNED:
        entity, id_column = OWNED[table]
        return entity.format(row=row), f"{row}.[{id_column}]", f"'{table}'"
    if table == "setting":
        return "'setting'", "NULL", f"{row}.[key]"
    if table == "blob":  # a stored file's row, shared by attachments: no entry of its own
        return "'blob'", "NULL", "''"
    return f"'{table}'", f"{row}.[id]", "''"


def _insert_log(table: str, row: str, action: str, field: str, old: str, new: str, key: str,
                where: str = "") -> str:
    entity, entity_id, _ = _owner(table, row)
    return (f"INSERT INTO change_log (at, os_user, ledger_id, entity, entity_id, action, field, old, new, "
            f"operation_id, table_name, row_key) SELECT c.at, c.os_user, c.ledger_id, {entity}, {entity_id}, "
            f"'{action}', {field}, {old}, {new}, c.operation_id, '{table}', {key} FROM op_context c "
            f"WHERE c.slot = 1 AND c.operation_id IS NOT NULL{where};")


def trigger_sql(conn: sqlite3.Connection, table: str) -> list[str]:
    columns, pks = _columns(conn, table)
    statements = []
    for event, row, action in (("INSERT", "new", "insert"), ("DELETE", "old", "delete")):
        key = _json_row(row, pks)
        _, _, field = _owner(table, row)
        data = _json_row(row, columns)
        old, new = (data, "NULL") if action == "delete" else ("NULL", data)
        statements.append(f"CREATE TRIGGER {_PREFIX}{table}_{action} AFTER {event} ON [{table}] BEGIN "
                          + _insert_log(table, row, action, field, old, new, key) + " END;")
    changes = []
    for column in columns:
        if column in pks:
            continue
        _, _, owner_field = _owner(table, "new")
        if table == "setting":
            field = owner_field
        else:
            field = f"'{column}'" if owner_field == "''" else f"{owner_field} || '.{column}'"
        changes.append(_insert_log(table, "new", "update", field, f"json_quote(old.[{column}])",
                                   f"json_quote(new.[{column}])", _json_row("new", pks),
                                   where=f" AND old.[{column}] IS NOT new.[{column}]"))
    if changes:
        statements.append(f"CREATE TRIGGER {_PREFIX}{table}_update AFTER UPDATE ON [{table}] BEGIN "
                          + " ".join(changes) + " END;")
    return statements


def missing(conn: sqlite3.Connection) -> bool:
    """Whether a logged table lacks its triggers (a program that logs more tables opened an older set)."""
    found = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")}
    if "op_context" not in found:
        return False
    return any(f"{_PREFIX}{t}_insert" not in found for t in LOGGED if t in found)


def install(conn: sqlite3.Connection) -> None:
    """Drop and re-create every log trigger from the current schema; run inside a migration step's
    transaction, so a new column is logged from the step that adds it."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "op_context" not in tables:
        return  # a schema older than operations
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?",
                                [_PREFIX + "*"]).fetchall():
        conn.execute(f"DROP TRIGGER [{name}]")
    for table in LOGGED:
        if table in tables:
            for statement in trigger_sql(conn, table):
                conn.execute(statement)
