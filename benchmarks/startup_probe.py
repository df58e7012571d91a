"""Child process for the start-up benchmark: prints 'painted' once the window's first paint pass is done (the
first paint of its tree view: the floor's only content, the app's checklist), then exits.

python -m benchmarks.startup_probe floor|app [DATA_DIR]
"""

import sys


def main() -> None:
    mode = sys.argv[1]
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    if mode == "floor":
        app = QApplication(sys.argv)
        window = QMainWindow()
        tree = QTreeView()
        window.setCentralWidget(tree)
        window.show()
    else:
        from desktop.paths import DataDir
        from desktop.ui.application import create_app, open_window

        app = create_app()
        window = open_window(DataDir(sys.argv[2]))
        tree = window.tree

    class FirstPaint(QObject):
        """On the tree's viewport only, alike in both: an application-wide filter would be called for every
        event of every object, and so tax the window with more widgets for being watched."""

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint:
                QTimer.singleShot(0, finish)  # runs after the whole paint pass
            return False

    def finish():
        print("painted", flush=True)
        app.exit(0)

    spy = FirstPaint()
    tree.viewport().installEventFilter(spy)
    QTimer.singleShot(10000, finish)  # never hang the benchmark
    app.exec()


if __name__ == "__main__":
    main()
