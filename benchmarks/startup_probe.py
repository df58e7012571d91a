"""Child process for the start-up benchmark: prints 'painted' at the first paint, then exits.

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
        window.setCentralWidget(QTreeView())
        window.show()
    else:
        from desktop.paths import DataDir
        from desktop.ui.application import create_app, open_window

        app = create_app()
        window = open_window(DataDir(sys.argv[2]))

    class FirstPaint(QObject):
        """The first paint of the window's content (whichever page start-up shows), then the loop ends."""

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint and obj is not window and getattr(obj, "window", None) \
                    and obj.window() is window:
                QTimer.singleShot(0, finish)
            return False

    def finish():
        print("painted", flush=True)
        app.exit(0)

    spy = FirstPaint()
    app.installEventFilter(spy)
    QTimer.singleShot(10000, finish)  # never hang the benchmark
    app.exec()


if __name__ == "__main__":
    main()
