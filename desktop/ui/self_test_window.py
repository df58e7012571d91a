"""`fazhi --self-test`'s window steps: the real main window on the offscreen platform to its first paint, then
the Qt parts the window uses later (photo thumbnails, Chinese dialogs, printing).

The window starts in a child process of the same program, so a missing platform plugin (Qt aborts the process
that tries to load it) is reported as a failed step instead of ending the self-test."""

import os
import subprocess
import sys
from pathlib import Path

# set by the child's start: desktop.ui.application reports its first paint and quits
QUIT_AFTER_FIRST_PAINT = "FAZHI_QUIT_AFTER_FIRST_PAINT"
WINDOW_TIMEOUT_S = 120  # a cold start of the frozen program on a busy, slow office PC


def program_command() -> list[str]:
    """How to start this same program again: the frozen executable itself, or the interpreter with -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "desktop"]


def window_paints(data_root: Path) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", QUIT_AFTER_FIRST_PAINT: "1"}
    try:
        done = subprocess.run([*program_command(), "--data-dir", str(data_root)], env=env, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=WINDOW_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"主窗口 {WINDOW_TIMEOUT_S} 秒内没有绘出") from exc
    # a windowed Windows build has no standard output to print "painted" to: its exit code says it
    painted = "painted" in done.stdout or sys.stdout is None
    if done.returncode != 0 or not painted:
        tail = "\n".join([*(done.stderr or done.stdout).strip().splitlines()[-5:], *_logged_error(data_root)])
        raise AssertionError(f"主窗口没有在 offscreen 平台绘出首屏（退出码 {done.returncode}）\n{tail}")
    return "主窗口在 offscreen 平台绘出首屏"


def _logged_error(data_root: Path) -> list[str]:
    """The last lines of the child's log: an unexpected error goes there with its traceback, not to stderr."""
    from desktop.services import app_log

    log = data_root / app_log.LOG_FOLDER / app_log.LOG_NAME
    try:
        return log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
    except OSError:
        return []


def qt_parts(_data_root: Path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImageReader
    from PySide6.QtPrintSupport import QPrinter

    from desktop.ui.application import create_app

    app = create_app()
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "jpeg"} - formats
    if missing:
        raise AssertionError(f"缺少图片格式：{'、'.join(sorted(missing))}（附件缩略图无法显示）")
    if getattr(app, "_zh_translator", None) is None:
        raise AssertionError("没有找到 Qt 对话框的中文翻译 qtbase_zh_CN.qm")
    QPrinter()
    return "图片格式 png、jpeg，Qt 对话框中文翻译，打印支持"


STEPS = (window_paints, qt_parts)
