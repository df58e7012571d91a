"""Local files carried by a drag-and-drop."""

from pathlib import Path

from PySide6.QtCore import QMimeData

from desktop.domain.errors import UserError
from desktop.services.evidence import check_source_file


def dropped_files(mime: QMimeData) -> list[Path]:
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and Path(url.toLocalFile()).is_file()]


def split_refused(paths) -> tuple[list[Path], list[str]]:
    """(files an attachment list may take, the Chinese reason for each one it may not): the same check
    the save makes (executables and scripts, missing, over 2 GB), made when the file is added."""
    accepted, reasons = [], []
    for path in map(Path, paths):
        try:
            check_source_file(path)
        except UserError as exc:
            reasons.append(str(exc))
        else:
            accepted.append(path)
    return accepted, reasons


def refusal_text(reasons: list[str]) -> str:
    """What an attachment list shows under itself about the files it did not take ("" when none)."""
    return f"未加入 {len(reasons)} 个文件：\n" + "\n".join(reasons) if reasons else ""


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
