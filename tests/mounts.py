"""Real read-only and full file systems for tests: a small tmpfs mounted over a folder (needs root; root ignores
chmod, so a mount is the only honest read-only folder). Tests skip where mounting is not allowed."""

import contextlib
import subprocess
from pathlib import Path

import pytest


def _mount(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")


@contextlib.contextmanager
def mounted(folder: Path, options: str = "size=256k"):
    _mount(folder, options)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextlib.contextmanager
def read_only_folder(folder: Path, *, files: dict[str, bytes] | None = None):
    """A folder that cannot be written, holding `files`."""
    with mounted(folder):
        for name, content in (files or {}).items():
            (folder / name).write_bytes(content)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder


@contextlib.contextmanager
def full_folder(folder: Path):
    """A folder on a file system with not one free byte left."""
    with mounted(folder, "size=128k"):
        with contextlib.suppress(OSError), open(folder / "filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        yield folder

