"""Every path the program uses: resources (source tree or frozen build) and the data directory."""

import os
import sys
import tempfile
from pathlib import Path

from desktop.domain.errors import UserError

APP_NAME = "法治政府建设台账"
PORTABLE_MARKER = "portable"
PORTABLE_READ_ONLY = (
    "程序文件夹 {folder} 里有 portable 文件（便携模式），数据应保存在它旁边的 data 文件夹里，但这里不能写入"
    "（只读、在光盘上或没有权限）。\n请把整个程序文件夹复制到可以写入的位置（如 U 盘或 D 盘）再运行；"
    "或者删除 portable 文件，数据就保存在默认位置 {default}。")


def _bundle_root() -> Path:
    # PyInstaller unpacks datas under sys._MEIPASS; build.spec keeps the same relative layout.
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return _bundle_root().joinpath("resources", *parts)


def migrations_dir() -> Path:
    return _bundle_root() / "db" / "migrations"


def program_dir() -> Path:
    return Path(sys.executable).resolve().parent if getattr(sys, "frozen", False) else _bundle_root()


def default_data_dir() -> Path:
    """Portable marker beside the program wins; else a visible per-user folder (Zotero-style)."""
    if (program_dir() / PORTABLE_MARKER).exists():
        return portable_data_dir(program_dir())
    env = os.environ.get("FAZHI_DATA_DIR")
    if env:
        return Path(env)
    return _chosen_data_dir() or Path.home() / APP_NAME


def chosen_folder_file() -> Path:
    """Beside the default data folder: the folder the officer chose when that one could not be used."""
    return Path.home() / f"{APP_NAME}-数据文件夹.txt"


def _chosen_data_dir() -> Path | None:
    try:
        text = chosen_folder_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text else None


def portable_data_dir(program: Path) -> Path:
    """data/ beside the program, refused with a clear message where it cannot be written (Program Files, a
    read-only share, a CD): otherwise the first save would fail."""
    data = program / "data"
    try:
        data.mkdir(exist_ok=True)
        with tempfile.TemporaryFile(dir=data):
            pass
    except OSError as exc:
        raise UserError(PORTABLE_READ_ONLY.format(folder=program, default=Path.home() / APP_NAME)) from exc
    return data


class DataDir:
    """Layout of one data directory: the database, the file store, backups, exports."""

    def __init__(self, root: Path | str):
        self.root = Path(root).expanduser().resolve()

    @property
    def database(self) -> Path:
        return self.root / "taizhang.sqlite"

    @property
    def files(self) -> Path:
        return self.root / "files"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def ensure(self) -> "DataDir":
        for folder in (self.root, self.files, self.backups, self.exports):
            folder.mkdir(parents=True, exist_ok=True)
        return self
