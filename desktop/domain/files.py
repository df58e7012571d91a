"""Which attachment files may be stored and opened; safe names for the managed store."""

import re
import unicodedata
from pathlib import PurePath

# Only documents, images, audio, video and archives are handed to the system's handler.
OPENABLE_EXTENSIONS = frozenset(
    ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "et", "wps", "dps", "ppt", "pptx", "txt", "rtf", "csv", "odt", "ods", "odp", "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic", "mp3", "wav", "m4a", "amr", "aac", "wma", "mp4", "avi", "mov", "wmv", "mkv", "flv", "3gp", "zip", "rar", "7z"]
)
REFUSED_EXTENSIONS = frozenset(
    ["exe", "com", "bat", "cmd", "msi", "msp", "scr", "pif", "cpl", "hta", "js", "jse", "vbs", "vbe", "wsf", "wsh", "ps1", "psm1", "lnk", "url", "reg", "jar", "sh", "bash", "run", "desktop", "app", "dll", "sys", "py", "pyw", "appimage", "deb", "rpm",
     # what else Windows runs, installs or mounts on a double-click
     "msc", "mst", "msix", "msixbundle", "appx", "appxbundle", "application", "appref-ms", "gadget", "inf", "scf",
     "chm", "hlp", "wsc", "sct", "ws", "vb", "xll", "ocx", "drv", "efi", "cab", "iso", "img", "vhd", "vhdx",
     "ps1xml", "ps2", "ps2xml", "psc1", "psc2", "psd1", "msh", "msh1", "msh2", "mshxml", "msh1xml", "msh2xml",
     "settingcontent-ms", "library-ms", "search-ms", "searchconnector-ms", "website", "xbap", "jnlp", "ins", "isp",
     "mde", "ade", "adp", "diagcab",
     # and other systems
     "command", "csh", "ksh", "apk", "pkg", "dmg", "workflow", "action",
     # scripts an installed interpreter runs on a double-click, compiled Python
     "pl", "pm", "rb", "php", "tcl", "lua", "pyc", "pyo", "pyz", "pyzw",
     # Office files that carry macros (evidence is saved as .docx/.xlsx/.pptx instead)
     "docm", "dotm", "xlsm", "xltm", "xlsb", "xlam", "pptm", "potm", "ppsm", "ppam", "sldm"]
)
MAX_NAME = 200
_SEPARATORS = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f-\x9f]")
# direction overrides and zero-width characters: "报告\u202egpj.pdf" would show as "报告fdp.jpg"
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Windows' device names, also with the superscript digits it accepts and with spaces before the dot ("NUL .txt")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]) *(\..*)?$",
                       re.IGNORECASE)
# inside one name component, what Windows forbids becomes its fullwidth look-alike: "纪要/记录" stays readable
_LOOK_ALIKES = str.maketrans({"/": "／", "\\": "＼", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜",
                              ">": "＞", "|": "｜"})


def extension(name: str) -> str:
    suffix = PurePath(name.replace("\\", "/")).suffix.lower().lstrip(".")
    return suffix if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,19}", suffix) else ""  # appref-ms, library-ms


def windows_view(name: str) -> str:
    """The name as Windows would act on it: compatibility forms folded (fullwidth ｅｘｅ is exe), invisible and
    control characters gone, the part before an NTFS stream (a.exe:x is a.exe), no trailing dots or spaces."""
    folded = unicodedata.normalize("NFKC", name)
    base = folded.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", _INVISIBLE.sub("", base))
    return base.split(":", 1)[0].rstrip(" .")


def is_refused(name: str) -> bool:
    """The one decision on executables and scripts: on the name as stored (display_name) and on what
    Windows would make of it, so "evil.exe.", "evil.exe " or "evil.ｅｘｅ" (or with a zero-width space
    inside) are refused like "evil.exe".
    Double extensions are fine: the last real one decides ("报告.exe.pdf" is a PDF)."""
    cleaned = display_name(name)
    return any(extension(form) in REFUSED_EXTENSIONS
               for form in (cleaned, windows_view(name), windows_view(cleaned)))


def can_open(name: str) -> bool:
    """Whether a file of this name may be handed to the system's handler: a document or media type only."""
    return not is_refused(name) and extension(display_name(name)) in OPENABLE_EXTENSIONS


def stored_extension(name: str) -> str:
    """The extension a file in the managed store gets: only a never-executable one, else none."""
    ext = extension(display_name(name))
    return ext if ext in OPENABLE_EXTENSIONS and not is_refused(name) else ""


def display_name(name: str) -> str:
    """The original name as kept in the database: last path part, no separators or controls."""
    return _safe(name.replace("\\", "/").rsplit("/", 1)[-1])


def component_name(name: str) -> str:
    """A name we make up (a binder folder or file from a title) as one safe path component: a "/" or "\\"
    in it is replaced, never split on, so nothing before it is lost."""
    return _safe(name.translate(_LOOK_ALIKES))


def _safe(base: str) -> str:
    base = _SEPARATORS.sub("_", _INVISIBLE.sub("", base)).strip(" .")
    if not base or _RESERVED.match(base):
        base = f"_{base}" if base else "未命名文件"
    return shortened(base, MAX_NAME)


def utf16_len(text: str) -> int:
    """Length as Windows counts it (MAX_PATH, 255 per component): UTF-16 code units, two for 𠀀."""
    return len(text.encode("utf-16-le")) // 2


def utf16_cut(text: str, units: int) -> str:
    """The longest start of text within units UTF-16 code units, never half a surrogate pair."""
    if len(text) <= units // 2 or utf16_len(text) <= units:
        return text
    return text.encode("utf-16-le")[: max(units, 0) * 2].decode("utf-16-le", "ignore")


def shortened(name: str, limit: int) -> str:
    """At most limit UTF-16 code units, the extension kept."""
    if utf16_len(name) <= limit:
        return name
    ext = extension(name)
    keep = limit - len(ext) - 1 if ext else limit
    return utf16_cut(name, keep) + (f".{ext}" if ext else "")
