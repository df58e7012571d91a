"""One list of Debian packages: the README's apt-get command and .ci/run both come from scripts/debian-packages.txt."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def listed_packages() -> list[str]:
    lines = (ROOT / "scripts" / "debian-packages.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def readme_apt_commands() -> list[list[str]]:
    """The packages of every `apt-get install` command in the README (continued with a trailing backslash)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    commands = re.findall(r"apt-get install ([^\n`]+)", text)
    return [[word for word in command.split() if not word.startswith("-")] for command in commands]


def test_readme_installs_exactly_the_listed_debian_packages():
    commands = readme_apt_commands()
    assert commands, "the README shows no apt-get install command"
    for packages in commands:
        assert packages == listed_packages()


def test_the_list_has_what_qts_xcb_platform_needs():
    # the libraries Qt 6.5+ names when the xcb platform plugin cannot load, and the CJK font
    for name in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0", "libegl1",
                 "fonts-noto-cjk"):
        assert name in listed_packages()


def test_ci_installs_the_list_and_starts_the_window_on_xcb():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "$(grep -v '^#' scripts/debian-packages.txt)" in ci
    assert "QT_QPA_PLATFORM=xcb" in ci and "xvfb-run" in ci and "grep -qx painted" in ci
    assert "python scripts/build.py" in ci


def test_the_wheel_carries_every_resource_and_migration(tmp_path):
    """A wheel install (the offline wheelhouse) reads templates, translations and migrations from site-packages."""
    import sys
    import zipfile

    sys.path.insert(0, str(ROOT / "scripts"))
    import wheelhouse

    names = set(zipfile.ZipFile(wheelhouse.build_own_wheel(tmp_path)).namelist())
    wanted = {p.relative_to(ROOT).as_posix() for folder in ("resources", "db/migrations")
              for p in (ROOT / folder).rglob("*") if p.is_file()}
    assert wanted and wanted <= names
    assert "desktop/app.py" in names
