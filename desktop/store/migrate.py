"""Forward-only migrations by PRAGMA user_version, with a copy of the database first. A step is an SQL
script (NNNN_name.sql) or a Python module (NNNN_name.py with `def step(db)`, db a store Database whose
.utils offers sqlite-utils' transform/add_column); each runs in one transaction, the log triggers
re-installed after it."""

import importlib.util
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import DatabaseTooNewError, UserError
from desktop.paths import migrations_dir
from desktop.store import change_triggers, durable
from desktop.store.connection import Database

_NAME = re.compile(r"^(\d{4})_.+\.(sql|py)$")


def available_migrations(folder: Path | None = None) -> list[tuple[int, Path]]:
    folder = folder or migrations_dir()
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def backup_before_migration(db: Database, db_path: Path, backup_dir: Path, version: int) -> Path:
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"升级前备份-v{version}-{stamp}.sqlite"
    partial = target.with_suffix(".partial")
    dest = sqlite3.connect(str(partial))
    try:
        db.conn.backup(dest)
        problems = durable.check_problems(dest)
    finally:
        dest.close()
    if problems:  # never migrate without a sound copy to go back to
        partial.unlink(missing_ok=True)
        raise UserError(f"升级数据库结构前的备份未通过完整性检查（{problems[0]}），未升级，数据未改动。")
    durable.replace(partial, target)
    return target


def refuse_newer(db: Database, folder: Path | None = None) -> None:
    latest = available_migrations(folder)[-1][0]
    current = schema_version(db)
    if current > latest:
        raise DatabaseTooNewError(
            f"数据库版本（{current}）比本程序支持的版本（{latest}）新，请升级程序后再打开。为保护数据，本程序不会修改它。"
        )


def migrate(db: Database, db_path: Path | None = None, backup_dir: Path | None = None,
            folder: Path | None = None) -> int:
    """Apply pending steps, one transaction each. Refuse a database from a newer program."""
    refuse_newer(db, folder)
    steps = available_migrations(folder)
    current = schema_version(db)
    pending = [(n, p) for n, p in steps if n > current]
    if pending and current > 0 and db_path and backup_dir:
        backup_before_migration(db, db_path, backup_dir, current)
    for number, path in pending:
        _apply_step(db, _step_of(path), number)
    if not pending and change_triggers.missing(db.conn):
        with db.write():
            change_triggers.install(db.conn)
    return schema_version(db)


def statements(script: str) -> list[str]:
    """A migration script as single statements (a trigger's BEGIN … END stays one), in order."""
    found, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip() != ";":
                found.append(pending.strip())
            pending = ""
    return found  # what is left is whitespace or comments after the last statement


def _step_of(path: Path):
    """step(db) of a migration file: its SQL statements in order, or the Python module's step."""
    if path.suffix == ".sql":
        script = path.read_text(encoding="utf-8")

        def run_sql(db: Database) -> None:
            for statement in statements(script):
                db.execute(statement)
        return run_sql
    spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.step


def _apply_step(db: Database, step, number: int) -> None:
    """All-or-nothing, and the version is read under the write lock: a second program starting at the same
    moment finds the step done and skips it (executescript would commit first and run the step twice).
    sqlite-utils' own atomic() inside a Python step nests as a savepoint of this transaction."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] < number:
            step(db)
            change_triggers.install(conn)
            conn.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
