"""Child process for the start-up benchmark: prints 'painted' once the window's first paint pass is done, then
exits.

python -m benchmarks.startup_probe floor          an empty PySide6 window: QMainWindow with a QTreeView
python -m benchmarks.startup_probe app DATA_DIR   the program's own start-up path, as `fazhi --data-dir`
                                                  runs it (arguments, instance lock, data, window); the
                                                  program reports its first paint itself
python -m benchmarks.startup_probe guard DATA_DIR as app, and prints what the first paint loaded that it
                                                  need not: sqlite_utils, the Qt namespace (PySide builds its
                                                  ~90 enum classes on first touch, ~15 ms); each costs a sixth
                                                  of the first paint
"""

import os
import sys


def floor() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    app = QApplication(sys.argv)
    window = QMainWindow()
    tree = QTreeView()
    window.setCentralWidget(tree)
    window.show()

    class FirstPaint(QObject):
        """On the tree, as the program watches its checklist (the tree's frame and viewport paint in one pass)."""

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint:
                QTimer.singleShot(0, finish)  # runs after the whole paint pass
            return False

    def finish():
        print("painted", flush=True)
        app.exit(0)

    spy = FirstPaint()
    tree.installEventFilter(spy)
    QTimer.singleShot(10000, finish)  # never hang the benchmark
    app.exec()


def program(data_dir: str) -> int:
    from desktop.app import main

    # desktop.ui.application.QUIT_AFTER_FIRST_PAINT, by name: importing it here would change what is timed
    os.environ["FAZHI_QUIT_AFTER_FIRST_PAINT"] = "1"
    return main(["--data-dir", data_dir])


def guard(data_dir: str) -> int:
    import builtins
    import enum
    import json

    made = []  # the enum classes PySide built, by name (the Qt namespace's GlobalColor among them)
    create = enum.EnumType._create_

    def watch(cls, name, names, **kw):
        made.append(name)
        return create.__func__(cls, name, names, **kw) if hasattr(create, "__func__") else create(cls, name, names, **kw)

    enum.EnumType._create_ = watch
    say = builtins.print

    def report(*args, **kwargs):
        if args == ("painted",):
            loaded = {"sqlite_utils": "sqlite_utils" in sys.modules, "Qt namespace": "GlobalColor" in made}
            say("loaded " + json.dumps([name for name, held in loaded.items() if held]), flush=True)
        return say(*args, **kwargs)

    builtins.print = report
    return program(data_dir)


if __name__ == "__main__":
    if sys.argv[1] == "floor":
        floor()
    elif sys.argv[1] == "guard":
        sys.exit(guard(sys.argv[2]))
    else:
        sys.exit(program(sys.argv[2]))
