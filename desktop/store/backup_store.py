"""Backup files at the database level: a consistent copy with VACUUM INTO, checks of a copy, what a copy
holds, and handing the live file over to a restore. Backup files are read on read-only connections;
no -wal or -shm is ever deleted by the program (SQLite removes them at the last close)."""

import errno
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from desktop.store import durable
from desktop.store.connection import Database

SQLITE_HEADER = b"SQLite format 3\x00"
EXTRA_FOLDER_SETTING = "backup.extra_folder"
RELEASE_TIMEOUT_S = 2.0
LEDGER_TABLES = frozenset({"ledger", "unit", "ledger_item", "evidence", "attachment", "blob", "change_log"})

# SQLite primary result codes that say "the file is not a sound database" (not: busy, locked, no access)
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
_DISK_FULL, _NO_ACCESS = {13}, {3, 8, 14, 23}  # FULL; PERM, READONLY, CANTOPEN, AUTH


def is_database_file(path: Path) -> bool:
    """True for a missing or empty file (SQLite makes a new database) or one with SQLite's header."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return True
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def is_damage(exc: BaseException) -> bool:
    """Whether an sqlite3 error means a damaged or foreign file rather than a busy or unreadable one."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


def _as_os_error(exc: sqlite3.Error, path: Path) -> OSError | None:
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code in _DISK_FULL or "disk is full" in str(exc):
        return OSError(errno.ENOSPC, "磁盘空间不足", str(path))
    if code in _NO_ACCESS or "unable to open" in str(exc) or "readonly" in str(exc):
        return OSError(errno.EACCES, "没有写入权限", str(path))
    return None


def _vacuum_into(execute, target: Path) -> None:
    try:
        execute("VACUUM INTO ?", [str(target)])
    except sqlite3.Error as exc:
        translated = _as_os_error(exc, target)
        if translated is not None:
            raise translated from exc
        raise


def vacuum_into(db: Database, target: Path) -> None:
    """A compact, consistent copy of the whole database in one file (no -wal), made while others work.
    Disk-full and permission failures come out as OSError, like every other file write."""
    _vacuum_into(db.execute, target)


def copy_database(source: Path, target: Path) -> None:
    """A consistent one-file copy of a database file that is not in use (a backup to restore), read
    through SQLite so that a -wal lying beside it is included rather than lost."""
    with read_only(source) as conn:
        _vacuum_into(conn.execute, target)


def read_only_uri(path: Path) -> str:
    """A file: URI with an empty authority, also for UNC paths (Path.as_uri would make the server the
    authority, which SQLite refuses)."""
    text = Path(path).resolve().as_posix()
    if not text.startswith("/"):
        text = "/" + text  # C:/… → /C:/…
    if text.startswith("//"):
        text = "//" + text  # //server/share → ////server/share
    return "file:" + quote(text, safe="/:") + "?mode=ro"


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


@contextmanager
def read_only(path: Path, tidy: bool = True):
    """A read-only connection. To read a WAL-mode file SQLite makes a -wal and -shm beside it, which a
    read-only connection cannot remove at close. They are never deleted here: another program may have
    opened the database meanwhile and committed into that -wal (deleting it lost 200 of 401 committed rows,
    silently). With tidy, side files this connection made are handed to SQLite's own last-close cleanup."""
    path = Path(path)
    made = [side for side in _side_files(path) if not side.exists()]
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=RELEASE_TIMEOUT_S)
    try:
        yield conn
    finally:
        conn.close()
    if tidy and any(side.exists() for side in made):
        let_sqlite_tidy(path)


def let_sqlite_tidy(path: Path) -> None:
    """Open and close a read-write connection: if it is the last one, SQLite checkpoints the -wal and
    removes -wal and -shm itself; if another program holds the database, SQLite leaves them to it. Nothing
    of the file changes but the folding in of committed pages. A failure leaves the side files, harmless."""
    try:
        conn = sqlite3.connect(str(path), timeout=RELEASE_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # opens the file and its -wal
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def integrity_problems(path: Path) -> list[str]:
    """PRAGMA integrity_check of a file that is not open anywhere else; [] when it is sound."""
    if not Path(path).is_file():
        return ["文件不存在"]
    if not is_database_file(path) or Path(path).stat().st_size == 0:
        return ["不是数据库文件"]
    try:
        with read_only(path) as conn:
            return durable.check_problems(conn)
    except sqlite3.DatabaseError as exc:
        return [str(exc)]


def damage_of(path: Path, quick_check: bool = True) -> str | None:
    """Why the database file cannot be used (foreign, or damaged: quick_check), None when it is ours and
    sound, or new. Checked on a read-only connection, so a damaged or foreign file and its -wal are left
    exactly as they are. Errors that are not damage (busy, no access, a hot journal to roll back) are left
    to the real open. quick_check=False: only the header and whose file it is (a few pages)."""
    path = Path(path)
    if not is_database_file(path):
        return "不是数据库文件"
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:  # no tidying: a damaged file stays as found; a sound one is opened read-write next, which tidies
        with read_only(path, tidy=False) as conn:
            problems = [foreign_reason(conn)] if foreign_reason(conn) else []
            if quick_check and not problems:
                problems = durable.check_problems(conn, "quick_check")
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)] if is_damage(exc) else []
    return "; ".join(problems[:3]) or None


def foreign_reason(conn: sqlite3.Connection) -> str | None:
    """A sound SQLite file of another program (its tables, not ours): never migrated into. A file without
    tables is a new database."""
    tables = {t for t in _tables(conn) if not t.startswith("sqlite_")}
    if not tables or (LEDGER_TABLES.issubset(tables) and conn.execute("PRAGMA user_version").fetchone()[0] > 0):
        return None
    return "这是别的程序的 SQLite 数据库，没有本程序的数据表"


def _count(conn: sqlite3.Connection, sql: str, args=()) -> int:
    return conn.execute(sql, args).fetchone()[0] or 0


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def holdings(path: Path) -> dict:
    """What a database file holds: schema version, per-ledger counts, attachment and file counts."""
    with read_only(path) as conn:
        tables = _tables(conn)
        out = {"schema_version": conn.execute("PRAGMA user_version").fetchone()[0], "ledgers": [],
               "items": 0, "evidence": 0, "attachments": 0, "files": 0, "change_log_last_id": 0,
               "ours": LEDGER_TABLES.issubset(tables)}
        if not out["ours"]:
            return out
        for row in conn.execute(
                "SELECT l.id, u.name, l.year, l.locked_at, "
                "(SELECT count(*) FROM ledger_item li WHERE li.ledger_id = l.id AND li.level != 'part'), "
                "(SELECT count(*) FROM evidence e WHERE e.ledger_id = l.id) "
                "FROM ledger l JOIN unit u ON u.id = l.unit_id ORDER BY u.name, l.year"):
            out["ledgers"].append({"unit": row[1], "year": row[2], "locked": bool(row[3]), "items": row[4],
                                   "evidence": row[5]})
        out["units"] = sorted({lg["unit"] for lg in out["ledgers"]})
        out["years"] = sorted({lg["year"] for lg in out["ledgers"]})
        out["items"] = sum(lg["items"] for lg in out["ledgers"])
        out["evidence"] = _count(conn, "SELECT count(*) FROM evidence")
        out["attachments"] = _count(conn, "SELECT count(*) FROM attachment")
        out["files"] = _count(conn, "SELECT count(*) FROM blob")
        if "change_log" in tables:
            out["change_log_last_id"] = _count(conn, "SELECT max(id) FROM change_log")
    return out


def blob_shas(path: Path) -> set[str]:
    """SHA-256 of every attachment file a database file names."""
    with read_only(path) as conn:
        if "blob" not in _tables(conn):
            return set()
        return {r[0] for r in conn.execute("SELECT sha256 FROM blob UNION SELECT sha256 FROM attachment")}


def referenced_shas(backup_files) -> set[str]:
    """Every file SHA-256 named by any of these backup files; unreadable ones are skipped."""
    found: set[str] = set()
    for path in backup_files:
        try:
            found |= blob_shas(path)
        except sqlite3.Error:
            continue
    return found


def last_change_id(db: Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]


def extra_folder(db: Database) -> str:
    row = db.execute("SELECT value FROM setting WHERE key = ?", [EXTRA_FOLDER_SETTING]).fetchone()
    return row[0] if row else ""


def attachment_names(db: Database, shas) -> list[str]:
    """Original names of the attachments that use these files, in a stable order."""
    names: set[str] = set()
    for sha in shas:
        names |= {r[0] for r in db.execute("SELECT original_name FROM attachment WHERE sha256 = ?", [sha])}
    return sorted(names)


def release_wal(path: Path) -> None:
    """Fold the -wal into the database and leave rollback mode, which deletes -wal and -shm.
    It needs every other connection closed: while one is open SQLite refuses (sqlite3.OperationalError)."""
    if not Path(path).exists():
        return
    conn = sqlite3.connect(str(path), timeout=RELEASE_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    finally:
        conn.close()
    if mode.lower() != "delete":
        raise sqlite3.OperationalError("database is locked")
