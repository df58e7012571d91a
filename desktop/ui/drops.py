"""Local files carried by a drag-and-drop."""

from pathlib import Path

from PySide6.QtCore import QMimeData


def dropped_files(mime: QMimeData) -> list[Path]:
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and Path(url.toLocalFile()).is_file()]


class AcceptsFiles:
    """Mixin for a Qt widget that takes files dropped from the desktop; on_files(paths) does the rest."""

    def on_files(self, paths: list[Path]) -> None:
        raise NotImplementedError

    def dragEnterEvent(self, event):
        event.acceptProposedAction() if event.mimeData().hasUrls() else event.ignore()

    def dragMoveEvent(self, event):
        event.acceptProposedAction() if event.mimeData().hasUrls() else event.ignore()

    def dropEvent(self, event):
        paths = dropped_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.on_files(paths)
