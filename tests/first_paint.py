"""Runs the real program to its first paint in a child process and says what held at that moment."""

import os
import subprocess
import sys
from pathlib import Path


def at_first_paint(data_dir: Path, report: str, setup: str = "") -> str:
    """The value of the expression `report` (Python, in the child, after `setup`) when the window reports its
    first paint, as printed text; the child must then exit 0."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FAZHI_QUIT_AFTER_FIRST_PAINT": "1"}
    probe = (
        "import builtins, sys\n"
        f"{setup}\n"
        "say = builtins.print\n"
        "def report(*a, **k):\n"
        "    if a == ('painted',):\n"
        f"        say({report}, flush=True)\n"
        "    return say(*a, **k)\n"
        "builtins.print = report\n"
        "from desktop.app import main\n"
        f"sys.exit(main(['--data-dir', {str(data_dir)!r}]))\n")
    started = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    return started.stdout.splitlines()[0]
