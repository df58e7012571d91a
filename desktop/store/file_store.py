"""Content-addressed attachment files: files/<sha[:2]>/<sha>.<ext>, one copy per content."""

import os
import shutil
import tempfile
import time
from pathlib import Path

from desktop.domain.files import extension
from desktop.store.connection import Database, insert, now_text

CHUNK = 1024 * 1024


TRASH = ".trash"  # files no entry uses any more, kept so that a deletion can be undone



def _sha256():
    import hashlib  # OpenSSL loads on the first hash, not at start-up (about 3 ms)

    return hashlib.sha256()

class FileStore:
    def __init__(self, root: Path, protected=None):
        self.root = Path(root)
        # protected() -> SHA-256 of files a kept backup still names: purge_trash never deletes those
        self.protected = protected

    def path_for(self, stored_name: str) -> Path:
        return self.root / stored_name[:2] / stored_name

    def put(self, source: Path, original_name: str) -> tuple[str, int, str]:
        """Copy a file in (hashing as it goes) and fsync it; return (sha256, size, stored_name).
        The database row is written by the caller in its transaction."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = _sha256()
        size = 0
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            ext = extension(original_name)
            stored_name = f"{sha}.{ext}" if ext else sha
            final = self.path_for(stored_name)
            if final.exists():
                os.unlink(temp_name)
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp_name, final)
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
            os.replace(path, self.trash / stored_name)
            os.utime(self.trash / stored_name)  # its age in the trash counts from now

    @property
    def trash(self) -> Path:
        return self.root / TRASH

    def recover(self, stored_name: str) -> bool:
        """Put a file back from the trash; False when it is not there."""
        source = self.trash / stored_name
        if not source.exists():
            return False
        target = self.path_for(stored_name)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
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
        digest = _sha256()
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()


def ensure_blob_row(db: Database, sha: str, size: int, stored_name: str) -> None:
    db.execute("INSERT OR IGNORE INTO blob (sha256, size, stored_name, created_at) VALUES (?, ?, ?, ?)",
               [sha, size, stored_name, now_text()])


def unused_blobs(db: Database, shas: list[str]) -> list[str]:
    """Of these blobs, the stored names no attachment row uses any more."""
    names = []
    for sha in set(shas):
        used = db.execute("SELECT 1 FROM attachment WHERE sha256 = ? LIMIT 1", [sha]).fetchone()
        if not used:
            row = db.execute("SELECT stored_name FROM blob WHERE sha256 = ?", [sha]).fetchone()
            if row:
                names.append(row[0])
                db.execute("DELETE FROM blob WHERE sha256 = ?", [sha])
    return names


def all_blobs(db: Database) -> list[dict]:
    return list(db.query("SELECT sha256, size, stored_name FROM blob ORDER BY sha256"))


def blob_for(db: Database, sha: str) -> dict | None:
    rows = list(db.query("SELECT sha256, size, stored_name FROM blob WHERE sha256 = ?", [sha]))
    return rows[0] if rows else None


def add_attachment_row(db, evidence_id: int, sha: str, original_name: str, size: int, media_type: str) -> int:
    return insert(db, "attachment", {"evidence_id": evidence_id, "sha256": sha, "original_name": original_name,
                                     "size": size, "media_type": media_type, "added_at": now_text()})
