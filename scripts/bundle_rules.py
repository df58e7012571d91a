"""What the one-folder build keeps: pure rules that build.spec applies and tests check.

Qt plugins are kept by name (everything else in a plugin folder is left out); a shared library is kept only
if something kept still links to it, so leaving out a plugin also leaves out what only it needed (the GTK
theme alone pulled in cairo, pango, atk and gdk-pixbuf)."""

import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

# Python modules the program never imports at run time (the hooks would still pull them in).
EXCLUDED_MODULES = [
    # Qt modules: QML/Quick, Designer, OpenGL, SVG, SQL, PDF, test, help
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtSql",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDesigner", "PySide6.QtHelp",
    "PySide6.QtPdf", "PySide6.QtSvg", "PySide6.QtSvgWidgets", "PySide6.QtTest", "PySide6.QtDBus",
    "PySide6.QtConcurrent", "PySide6.QtXml", "PySide6.QtUiTools",
    # openpyxl reads and writes through lxml.etree only; the lxml hook collects every submodule
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.sax", "lxml.builder", "lxml.cssselect",
    "lxml.doctestcompare", "lxml.usedoctest",
    # interactive and test tooling
    # Japanese, Korean and traditional-Chinese codecs (GBK and GB18030 stay)
    "_codecs_jp", "_codecs_kr", "_codecs_tw", "_codecs_hk", "_codecs_iso2022",
    # unused standard library with native parts (unicodedata stays: attachment names are NFKC-folded)
    "asyncio", "multiprocessing", "xmlrpc", "concurrent",
    "tkinter", "unittest", "pydoc", "readline", "curses", "pytest", "calamine",  # xlsxwriter writes every export
]

# Qt plugins kept, by folder and name (file name without "lib" and extension). png is built into QtGui.
KEPT_QT_PLUGINS = {
    "platforms": {"qxcb", "qoffscreen", "qwindows"},
    "imageformats": {"qjpeg"},  # photographed evidence in thumbnails
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "xcbglintegrations": {"qxcb-glx-integration", "qxcb-egl-integration"},
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle"},
    "printsupport": {"cupsprintersupport", "windowsprintersupport"},
}

# Left to the target system like libGL (what they would pull in from the build host: 11 MB). The print plugin
# loads the desktop's own CUPS client (GnuTLS, Avahi, p11-kit come with it); without CUPS, printing lists no
# printers and the rest works. libdbus-1 (with libsystemd, libgcrypt) is part of every desktop session.
SYSTEM_LIBRARIES = ("libcups.so", "libdbus-1.so")

# Always kept although nothing in the bundle links to them: the bootloader loads the interpreter itself.
ENTRY_LIBRARIES = ("libpython", "python3")


def plugin_of(dest: str) -> tuple[str, str] | None:
    """(folder, name) when dest is a Qt plugin, e.g. PySide6/Qt/plugins/platforms/libqxcb.so."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "PySide6" not in parts or "plugins" not in parts[:-2]:
        return None
    at = len(parts) - 1 - parts[::-1].index("plugins")
    if len(parts) != at + 3:
        return None
    name = parts[-1].split(".")[0]
    if name.startswith("lib") and ".so" in parts[-1]:
        name = name[3:]
    return parts[at + 1], name


def keep_plugin(dest: str) -> bool:
    folder, name = plugin_of(dest)
    return name in KEPT_QT_PLUGINS.get(folder, set())


def is_qt_translation(dest: str) -> bool:
    """Qt's own .qm files: the program ships qtbase_zh_CN.qm in resources/i18n and loads that one."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    return "PySide6" in parts and "translations" in parts and dest.endswith(".qm")


def needed_libraries(roots: Iterable[str], imports_of: Callable[[str], Iterable[str]],
                     available: dict[str, str]) -> set[str]:
    """Names (lower case) of the bundled libraries that roots link to, directly or through each other.
    available maps a library's lower-case file name to its source path."""
    needed: set[str] = set()
    todo = list(roots)
    seen: set[str] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in imports_of(path):
            key = name.rsplit("/", 1)[-1].lower()
            if key in available and key not in needed:
                needed.add(key)
                todo.append(available[key])
    return needed


def prune(binaries: list[tuple], datas: list[tuple], imports_of: Callable[[str], Iterable[str]]):
    """The build's binaries and datas without unused Qt plugins, Qt translations and orphaned libraries.
    Entries are PyInstaller TOC tuples (dest, source, typecode); a SYMLINK's source is its target's dest."""
    binaries = [b for b in binaries if plugin_of(b[0]) is None or keep_plugin(b[0])]
    roots = [src for dest, src, kind in binaries
             if kind == "EXTENSION" or plugin_of(dest) or _file_name(dest).startswith(ENTRY_LIBRARIES)]
    libraries = {_file_name(dest).lower(): src for dest, src, kind in binaries
                 if kind != "EXTENSION" and not plugin_of(dest) and not from_system(dest)}
    needed = needed_libraries(roots, imports_of, libraries)
    binaries = [b for b in binaries if b[2] == "EXTENSION" or plugin_of(b[0])
                or _file_name(b[0]).lower() in needed or _file_name(b[0]).startswith(ENTRY_LIBRARIES)]
    kept = {_posix(b[0]) for b in binaries}
    datas = [d for d in datas if not is_qt_translation(d[0]) and (plugin_of(d[0]) is None or keep_plugin(d[0]))
             and (d[2] != "SYMLINK" or _posix(d[1]) in kept)]
    return binaries, datas


def from_system(dest: str) -> bool:
    return _file_name(dest).lower().startswith(SYSTEM_LIBRARIES)


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def direct_imports(path: str) -> list[str]:
    """The libraries a binary links to itself (ldd, which PyInstaller uses on Linux, lists them transitively:
    through the system's libcups it would keep GnuTLS in the bundle)."""
    if sys.platform in ("win32", "darwin"):
        from PyInstaller.depend.bindepend import get_imports

        return [name for name, _ in get_imports(path)]
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=True).stdout
    return needed_in_objdump(out)


def needed_in_objdump(text: str) -> list[str]:
    return [line.split()[1] for line in text.splitlines() if line.strip().startswith("NEEDED")]


def _file_name(dest: str) -> str:
    return dest.replace("\\", "/").rsplit("/", 1)[-1]


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """pyproject's "0.1.0" (or "1.2rc1") as the four numbers of a Windows version resource."""
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    return tuple(int(n or 0) for n in match.groups())


def windows_version_info(version: str, description: str):
    """The .exe's version resource (Explorer's 详细信息 tab; antivirus scores unsigned files without one worse)."""
    from PyInstaller.utils.win32 import versioninfo as vi

    numbers = version_numbers(version)
    strings = {"CompanyName": "法治政府建设台账", "FileDescription": description, "FileVersion": version,
               "InternalName": "fazhi", "OriginalFilename": "fazhi.exe", "ProductName": "法治政府建设台账",
               "ProductVersion": version, "LegalCopyright": ""}
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[vi.StringFileInfo([vi.StringTable("080404B0", [vi.StringStruct(k, v) for k, v in strings.items()])]),
              vi.VarFileInfo([vi.VarStruct("Translation", [0x0804, 1200])])],
    )
