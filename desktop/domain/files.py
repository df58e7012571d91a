"""Which attachment files may be stored and opened; safe names for the managed store."""

import re
from pathlib import PurePath

# Only documents, images, audio, video and archives are handed to the system's handler.
OPENABLE_EXTENSIONS = frozenset(
    ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "et", "wps", "dps", "ppt", "pptx", "txt", "rtf", "csv", "odt", "ods", "odp", "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic", "mp3", "wav", "m4a", "amr", "aac", "wma", "mp4", "avi", "mov", "wmv", "mkv", "flv", "3gp", "zip", "rar", "7z"]
)
REFUSED_EXTENSIONS = frozenset(
    ["exe", "com", "bat", "cmd", "msi", "msp", "scr", "pif", "cpl", "hta", "js", "jse", "vbs", "vbe", "wsf", "wsh", "ps1", "psm1", "lnk", "url", "reg", "jar", "sh", "bash", "run", "desktop", "app", "dll", "sys", "py", "pyw", "appimage", "deb", "rpm"]
)
MAX_NAME = 200
_SEPARATORS = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f-\x9f]")
# direction overrides and zero-width characters: "报告\u202egpj.pdf" would show as "报告fdp.jpg"
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def extension(name: str) -> str:
    suffix = PurePath(name.replace("\\", "/")).suffix.lower().lstrip(".")
    return suffix if re.fullmatch(r"[a-z0-9]{1,8}", suffix) else ""


def is_refused(name: str) -> bool:
    return extension(name) in REFUSED_EXTENSIONS


def can_open(name: str) -> bool:
    return extension(name) in OPENABLE_EXTENSIONS


def display_name(name: str) -> str:
    """The original name as kept in the database: last path part, no separators or controls."""
    base = _INVISIBLE.sub("", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = _SEPARATORS.sub("_", base).strip(" .")
    if not base or _RESERVED.match(base):
        base = f"_{base}" if base else "未命名文件"
    if len(base) > MAX_NAME:
        ext = extension(base)
        keep = MAX_NAME - len(ext) - 1 if ext else MAX_NAME
        base = base[:keep] + (f".{ext}" if ext else "")
    return base
