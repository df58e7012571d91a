"""Content-addressed attachment files: files/<sha[:2]>/<sha>[.<ext>], one copy per content. Only a
never-executable extension (a document or media type) is kept; anything else is stored as bare <sha>,
so nothing in files/ runs when double-clicked. Files stored by older versions keep their names."""

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from desktop.domain.files import OPENABLE_EXTENSIONS, stored_extension
from desktop.store import durable
from desktop.store.connection import Database, now_text
from desktop.store.operations import Operation

CHUNK = 1024 * 1024


TRASH = ".trash"  # files no entry uses any more, kept so that a deletion can be undone



class FileStore:
    def __init__(self, root: Path, protected=None):
        self.root = Path(root)
        # protected() -> SHA-256 of files a kept backup still names: purge_trash never deletes those
        self.protected = protected

    def path_for(self, stored_name: str) -> Path:
        """Where the file is; a name whose file is not there falls back to the same content under another
        name (the bare <sha> a newer version stores, or the <sha>.<ext> an older one did)."""
        named = self.root / stored_name[:2] / stored_name
        if named.exists():
            return named
        other = self.existing_name(stored_name.split(".")[0])
        return named.parent / other if other else named

    def existing_name(self, sha: str) -> str | None:
        """The name under which files/ holds this content, or None."""
        folder = self.root / sha[:2]
        if (folder / sha).is_file():
            return sha
        found = sorted(p.name for p in folder.glob(f"{sha}.*")) if folder.is_dir() else []
        return found[0] if found else None

    def put(self, source: Path, original_name: str) -> tuple[str, int, str]:
        """Copy a file in (hashing as it goes) and fsync it; return (sha256, size, stored_name).
        The database row is written by the caller in its transaction."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = durable.new_sha256()
        size = 0
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            existing = self.existing_name(sha)  # one copy per content, whatever name it came under
            if existing:
                os.unlink(temp_name)
                with contextlib.suppress(OSError):  # young again: a sweep leaves it to the save that uses it
                    os.utime(self.root / sha[:2] / existing)
                return sha, size, existing
            ext = stored_extension(original_name)
            stored_name = f"{sha}.{ext}" if ext else sha
            final = self.root / sha[:2] / stored_name
            final.parent.mkdir(parents=True, exist_ok=True)
            durable.replace(temp_name, final)
            return sha, size, stored_name
        except BaseException:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
            raise

    def remove(self, stored_name: str) -> None:
        """Move an unused file to the trash folder: a deleted entry can still be restored with its files."""
        path = self.path_for(stored_name)
        if path.exists():
            self.trash.mkdir(parents=True, exist_ok=True)
            os.replace(path, self.trash / path.name)
            os.utime(self.trash / path.name)  # its age in the trash counts from now

    @property
    def trash(self) -> Path:
        return self.root / TRASH

    def recover(self, stored_name: str) -> bool:
        """Put a file back from the trash (under a never-executable name); False when it is not there."""
        sha = stored_name.split(".")[0]
        if self.existing_name(sha):
            return True  # the content is back already, under another name
        trashed = stored_name if (self.trash / stored_name).exists() else self.trashed_name(sha)
        if trashed is None:
            return False
        target = self.root / sha[:2] / neutral_name(trashed)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.trash / trashed, target)
        return True

    def trashed_name(self, sha: str) -> str | None:
        """The stored name of the trashed file with this content (its extension is that of the first name
        it was stored under), or None."""
        if not self.trash.is_dir():
            return None
        found = sorted(p.name for p in self.trash.glob(f"{sha}*") if p.name == sha or p.name.startswith(sha + "."))
        return found[0] if found else None

    def purge_trash(self, older_than_days: int, now: float | None = None) -> int:
        """Delete trashed files older than the given age; returns how many were deleted."""
        if not self.trash.exists():
            return 0
        limit = (now if now is not None else time.time()) - older_than_days * 86400
        old = [p for p in self.trash.iterdir() if p.is_file() and p.stat().st_mtime < limit]
        keep = self.protected() if old and self.protected else set()
        doomed = [p for p in old if p.name.split(".")[0] not in keep]
        for path in doomed:
            path.unlink()
        return len(doomed)

    def copy_out(self, stored_name: str, target: Path) -> None:
        shutil.copyfile(self.path_for(stored_name), target)

    def sha256_of(self, stored_name: str) -> str | None:
        path = self.path_for(stored_name)
        if not path.exists():
            return None
        return durable.sha256_file(path)


def neutral_name(stored_name: str) -> str:
    """<sha>.<ext> if ext is a document or media type, else bare <sha>: what a file is called in the store."""
    sha, _, ext = stored_name.partition(".")
    return stored_name if ext in OPENABLE_EXTENSIONS else sha


def neutralise_names(db: Database, files: FileStore) -> int:
    """Files an older version stored under the extension they first came with (<sha>.exe, <sha>.bat) are
    renamed to the bare <sha>, in files/ and in the trash; returns how many. The file is renamed before its
    row, and path_for finds either name, so a crash between the two (or a backup naming the old one)
    still finds it."""
    renamed = 0
    for blob in all_blobs(db):
        old, new = blob["stored_name"], neutral_name(blob["stored_name"])
        if old == new:
            continue
        folder = files.root / old[:2]
        if (folder / old).exists() and not (folder / new).exists():
            os.replace(folder / old, folder / new)
        with db.write():  # bookkeeping, not an officer's action: no operation
            db.table("blob").update(blob["sha256"], {"stored_name": new})
        renamed += 1
    if files.trash.is_dir():
        for path in files.trash.iterdir():
            new = neutral_name(path.name)
            if new != path.name and not path.name.startswith(".") and not (files.trash / new).exists():
                os.replace(path, files.trash / new)
                renamed += 1
    return renamed


SWEEP_MIN_AGE = 3600  # seconds: a younger file may belong to a save still running in another process
INCOMING = ".incoming-"


def unreferenced_files(db: Database, files: FileStore, now: float | None = None,
                       min_age: float = SWEEP_MIN_AGE) -> tuple[list[Path], int]:
    """(files in the store that no blob row uses and old enough to be nobody's save in progress, how many
    younger ones were left alone). Covers copies a failed save left, the same content under a second
    name, and interrupted copies (.incoming-*). Names are unique across the store (the folder is the
    name's first two characters), so one listing answers for every row without a stat each."""
    present = dict(_store_files(files.root))  # name -> path
    by_sha: dict[str, list[str]] = {}
    for name in present:
        by_sha.setdefault(name.split(".")[0], []).append(name)
    used = {_used_name(blob["stored_name"], by_sha) for blob in all_blobs(db)}
    limit = (now if now is not None else time.time()) - min_age
    old, young = [], 0
    for name, path in present.items():
        if name in used:
            continue
        try:
            recent = os.stat(path).st_mtime >= limit
        except FileNotFoundError:  # moved or committed meanwhile
            continue
        if recent:
            young += 1
        else:
            old.append(Path(path))
    return old, young


def _used_name(stored_name: str, by_sha: dict[str, list[str]]) -> str | None:
    """The name path_for(stored_name) finds, from one listing of the store."""
    sha = stored_name.split(".")[0]
    candidates = by_sha.get(sha, ())
    for wanted in (stored_name, sha):
        if wanted in candidates:
            return wanted
    return min(candidates) if candidates else None


def _store_files(root: Path):
    """(name, path) of every file in the store but the trash."""
    if not root.is_dir():
        return
    with os.scandir(root) as entries:  # scandir: file kinds without a stat per file
        for entry in entries:
            if entry.is_file() and entry.name.startswith(INCOMING):
                yield entry.name, entry.path
            elif entry.is_dir() and entry.name != TRASH:
                with os.scandir(entry.path) as inner:
                    yield from ((p.name, p.path) for p in inner if p.is_file())


def sweep_unreferenced(db: Database, files: FileStore, now: float | None = None) -> tuple[int, int]:
    """Move unreferenced files to the trash (interrupted copies are deleted: nothing ever used them);
    returns (moved or deleted, younger ones left for a later sweep)."""
    old, young = unreferenced_files(db, files, now)
    limit = (now if now is not None else time.time()) - SWEEP_MIN_AGE
    moved = 0
    for path in old:
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime >= limit or _named_by_a_row(db, files, path):
                continue  # a save took it up meanwhile
            if path.name.startswith(INCOMING):
                path.unlink()
            else:
                files.trash.mkdir(parents=True, exist_ok=True)
                os.replace(path, files.trash / path.name)
                os.utime(files.trash / path.name)  # its age in the trash counts from now
            moved += 1
    return moved, young


def _named_by_a_row(db: Database, files: FileStore, path: Path) -> bool:
    blob = blob_for(db, path.name.split(".")[0])
    return blob is not None and files.path_for(blob["stored_name"]) == path


def ensure_blob_row(op: Operation, sha: str, size: int, stored_name: str) -> None:
    op.insert("blob", {"sha256": sha, "size": size, "stored_name": stored_name, "created_at": now_text()},
              ignore=True)


def unused_blobs(op: Operation, shas) -> list[str]:
    """Of these blobs, the stored names no attachment row uses any more (their rows go, in the operation;
    the caller moves the files to the trash after the commit)."""
    names = []
    for sha in sorted(set(shas)):
        used = op.db.execute("SELECT 1 FROM attachment WHERE sha256 = ? LIMIT 1", [sha]).fetchone()
        if not used:
            row = op.db.execute("SELECT stored_name FROM blob WHERE sha256 = ?", [sha]).fetchone()
            if row:
                names.append(row[0])
                op.delete("blob", sha)
    return names


def attachment_names(db: Database):
    """(evidence title, attachment name) of every attachment, for checks on the names (a generator)."""
    yield from db.execute("SELECT e.title, a.original_name FROM attachment a JOIN evidence e ON e.id = a.evidence_id "
                          "ORDER BY a.id")


def all_blobs(db: Database) -> list[dict]:
    return list(db.query("SELECT sha256, size, stored_name FROM blob ORDER BY sha256"))


def blob_for(db: Database, sha: str) -> dict | None:
    rows = list(db.query("SELECT sha256, size, stored_name FROM blob WHERE sha256 = ?", [sha]))
    return rows[0] if rows else None


def add_attachment_row(op: Operation, evidence_id: int, sha: str, original_name: str, size: int,
                       media_type: str) -> int:
    return op.insert("attachment", {"evidence_id": evidence_id, "sha256": sha, "original_name": original_name,
                                     "size": size, "media_type": media_type, "added_at": now_text()})
