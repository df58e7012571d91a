"""The copy of an attachment that the system's viewer gets: named as the officer knows the file (通知.pdf,
not a hash), of a type that never runs, read-only, and outside the store, so a viewer that saves changes
the copy and never the stored evidence. Copies live in one folder per session under <data>/viewing;
the next session (or this one at exit) clears them."""

import contextlib
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from desktop.domain import files as file_rules
from desktop.domain.errors import UserError
from desktop.domain.models import Attachment
from desktop.services.evidence import is_disk_full
from desktop.store import failures, file_store
from desktop.store.store import Store

VIEWING = "viewing"
COPY_NAME_LIMIT = 80  # the whole path stays under Windows' 260 characters in an ordinary data folder
_sessions: dict[Path, Path] = {}  # data folder -> this process's viewing folder


def viewing_root(store: Store) -> Path:
    return store.data.root / VIEWING


def viewing_copy(store: Store, attachment: Attachment) -> Path:
    """A fresh read-only copy of the attachment, under its own cleaned name; UserError (Chinese) when the
    type may not be opened or the stored file is missing."""
    name = file_rules.display_name(attachment.original_name)
    if not file_rules.can_open(name):
        raise UserError(f"出于安全考虑，程序不直接打开“{name}”这类文件。"
                        "如确需查看，请在“打开所在文件夹”后自行处理。")
    source = _stored_file(store, attachment.sha256)
    if source is None:
        raise UserError(f"附件“{name}”的文件在资料库中缺失，请从备份恢复或重新添加。")
    folder = Path(tempfile.mkdtemp(dir=_session_folder(store)))  # one folder a copy: names never collide
    target = folder / file_rules.shortened(name, COPY_NAME_LIMIT)
    try:
        shutil.copyfile(source, target)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if is_disk_full(exc):
            raise UserError(f"磁盘空间不足，无法为查看准备“{name}”的副本。请清理磁盘（{folder.parent}）后重试。") from exc
        raise UserError(f"无法为查看准备“{name}”的副本：{failures.reason(exc)}。") from exc
    os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return target


def _stored_file(store: Store, sha: str) -> Path | None:
    blob = file_store.blob_for(store.db, sha)
    path = store.files.path_for(blob["stored_name"] if blob else sha)
    return path if path.is_file() else None


def _session_folder(store: Store) -> Path:
    root = viewing_root(store)
    session = _sessions.get(store.data.root)
    if session is None or not session.is_dir():
        root.mkdir(parents=True, exist_ok=True)
        session = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=root))
        _sessions[store.data.root] = session
        clear_viewing(store)  # copies of earlier sessions (one window per data folder)
    return session


def clear_viewing(store: Store) -> None:
    """Remove the viewing copies of earlier sessions (this session's stay open in their viewers); a copy a
    viewer still holds open (Windows) stays until next time."""
    root = viewing_root(store)
    current = _sessions.get(store.data.root)
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if folder != current:
            _remove_tree(folder)


def _remove_tree(top: Path) -> None:
    paths = [top, *top.rglob("*")] if top.is_dir() and not top.is_symlink() else [top]
    for path in sorted(paths, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)  # read-only files cannot be deleted on Windows
                path.unlink()
