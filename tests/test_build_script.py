"""The build script's and build.spec's pure parts: what the bundle keeps, how it is named and measured."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build  # noqa: E402
import bundle_rules  # noqa: E402


def test_archive_is_named_with_version_and_platform():
    assert build.archive_name("0.1.0", build.platform_tag("Linux", "x86_64")) == "fazhi-0.1.0-linux-x86_64.tar.gz"
    assert build.archive_name("0.1.0", build.platform_tag("Windows", "AMD64")) == "fazhi-0.1.0-windows-x64.zip"
    assert build.platform_tag("Linux", "aarch64") == "linux-aarch64"


def test_version_is_read_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "2.3.4"\n', encoding="utf-8")
    assert build.project_version(tmp_path / "pyproject.toml") == "2.3.4"


def test_size_counts_links_once_and_lists_the_largest(tmp_path):
    (tmp_path / "big.so").write_bytes(b"x" * 3000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "small.py").write_bytes(b"x" * 10)
    (tmp_path / "link.so").symlink_to("big.so")
    files = build.bundle_files(tmp_path)
    assert sum(size for _, size in files) == 3010
    assert build.largest(files, 1) == [("big.so", 3000)]


def test_newest_glibc_symbol_is_what_the_bundle_needs():
    tables = ["0000 DF *UND* GLIBC_2.17 memcpy\n0000 DF *UND* GLIBC_2.28 fcntl64", "x GLIBC_2.4 y", "no versions"]
    assert build.newest_glibc(tables) == (2, 28)
    assert build.newest_glibc(["static"]) is None


def test_startup_ratio_is_the_median_of_paired_ratios():
    summary = build.startup_summary([1.0, 2.2, 1.1], [1.0, 2.0, 1.0])
    assert summary["ratio"] == pytest.approx(1.1)
    assert summary["frozen"] == 1.1 and summary["interpreter"] == 1.0
    with pytest.raises(ValueError):
        build.startup_summary([1.0], [])


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland-egl.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/imageformats/libqwebp.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6\\plugins\\imageformats\\qsvg.dll", False),
])
def test_qt_plugins_kept_are_the_ones_the_program_uses(dest, kept):
    assert bundle_rules.keep_plugin(dest) is kept


def test_only_the_programs_own_qt_translation_is_shipped():
    assert bundle_rules.is_qt_translation("PySide6/Qt/translations/qtbase_de.qm")
    assert bundle_rules.is_qt_translation("PySide6/translations/qt_zh_CN.qm")
    assert not bundle_rules.is_qt_translation("resources/i18n/qtbase_zh_CN.qm")


def test_prune_drops_what_only_a_left_out_plugin_needed():
    links = {
        "/s/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/s/libQt6Gui.so.6": ["libfreetype.so.6", "libc.so.6"],
        "/s/libfreetype.so.6": ["libpng16.so.16"],
        "/s/libqxcb.so": ["libQt6Gui.so.6", "libxcb-cursor.so.0"],
        "/s/libqgtk3.so": ["libcairo.so.2"],
        "/s/libcupsprintersupport.so": ["libcups.so.2"],
        "/s/libcups.so.2": ["libgnutls.so.30"],
    }
    binaries = [
        ("PySide6/QtGui.abi3.so", "/s/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/s/libQt6Gui.so.6", "BINARY"),
        ("libfreetype.so.6", "/s/libfreetype.so.6", "BINARY"),
        ("libpng16.so.16", "/s/libpng16.so.16", "BINARY"),
        ("libxcb-cursor.so.0", "/s/libxcb-cursor.so.0", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/s/libqgtk3.so", "BINARY"),
        ("libcairo.so.2", "/s/libcairo.so.2", "BINARY"),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "/s/libcupsprintersupport.so", "BINARY"),
        ("libcups.so.2", "/s/libcups.so.2", "BINARY"),
        ("libgnutls.so.30", "/s/libgnutls.so.30", "BINARY"),
        ("libpython3.11.so.1.0", "/s/libpython3.11.so.1.0", "BINARY"),
    ]
    datas = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libcairo.so", "libcairo.so.2", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_fr.qm", "/s/qtbase_fr.qm", "DATA"),
        ("resources/i18n/qtbase_zh_CN.qm", "/r/qtbase_zh_CN.qm", "DATA"),
    ]
    kept, kept_datas = bundle_rules.prune(binaries, datas, lambda path: links.get(path, []))
    names = {dest.rsplit("/", 1)[-1] for dest, _, _ in kept}
    assert names == {"QtGui.abi3.so", "libQt6Gui.so.6", "libfreetype.so.6", "libpng16.so.16",
                     "libxcb-cursor.so.0", "libqxcb.so", "libcupsprintersupport.so", "libpython3.11.so.1.0"}
    assert [d[0] for d in kept_datas] == ["libQt6Gui.so.6", "resources/i18n/qtbase_zh_CN.qm"]


def test_objdump_needed_lines_are_read():
    text = "Dynamic Section:\n  NEEDED               libQt6Core.so.6\n  NEEDED               libc.so.6\n  SONAME x\n"
    assert bundle_rules.needed_in_objdump(text) == ["libQt6Core.so.6", "libc.so.6"]


def test_windows_version_numbers_come_from_pyprojects_version():
    assert bundle_rules.version_numbers("0.1.0") == (0, 1, 0, 0)
    assert bundle_rules.version_numbers("1.2rc1") == (1, 2, 0, 0)


@pytest.mark.skipif(sys.platform != "win32", reason="PyInstaller's version resource needs pywin32")
def test_windows_version_resource_carries_pyprojects_version():
    info = bundle_rules.windows_version_info("0.1.0", "法治政府建设台账")
    assert info.ffi.fileVersionMS == 1 and info.ffi.fileVersionLS == 0
    assert "0.1.0" in str(info)


def _imported_modules(folder: Path) -> set[str]:
    """Every module desktop/ imports, at the top or inside a function."""
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return names


def _excluded(name: str) -> bool:
    return any(name == ex or name.startswith(ex + ".") for ex in bundle_rules.EXCLUDED_MODULES)


def test_no_module_the_program_imports_is_excluded_from_the_bundle():
    assert not {n for n in _imported_modules(ROOT / "desktop") if _excluded(n)}
    # what the libraries import at run time: the self-test's store, evidence and export, and the window's modules
    code = ("import sys; from desktop.services import self_test; self_test.run(say=lambda s: None); "
            "import desktop.ui.main_window, desktop.ui.application, desktop.ui.single_instance; "
            "import sqlite_utils; print('\\n'.join(sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert not {n for n in done.stdout.split() if _excluded(n)}
