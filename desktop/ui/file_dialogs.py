"""Every file picker of the program. Each starts in the folder last used for the same purpose (else
Documents) and speaks Chinese: Qt's own file dialog takes its texts from qtbase_zh_CN, but its size, type and
date columns come from QLocale::system() and untranslated strings ("4.9 KiB", "Folder", "2 Dec 2026"), so
they are shown through a proxy that formats them with the program's Chinese locale."""

from pathlib import Path

from PySide6.QtCore import QIdentityProxyModel, QLocale, QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QTreeView

from desktop.paths import APP_NAME

# purposes: each remembers its own folder
EVIDENCE, ATTACHMENT, BACKUP_FILE, BACKUP_FOLDER, EXPORT, IMPORT = "evidence", "attachment", "backup_file", \
    "backup_folder", "export", "import"
DISPLAY_ROLE = 0
SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN = 1, 2, 3


def open_files(parent, purpose: str, title: str, name_filter: str) -> list[Path]:
    _localize_when_shown()
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder(purpose)), name_filter)
    paths = [Path(n) for n in names]
    if paths:
        remember(purpose, paths[0].parent)
    return paths


def open_file(parent, purpose: str, title: str, name_filter: str, fallback: Path | None = None) -> Path | None:
    """Starts in the last folder used for this purpose, else in fallback, else Documents."""
    _localize_when_shown()
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(purpose, fallback)), name_filter)
    if not name:
        return None
    remember(purpose, Path(name).parent)
    return Path(name)


def save_file(parent, purpose: str, title: str, file_name: str, name_filter: str,
              fallback: Path | None = None) -> Path | None:
    """file_name is suggested in the last folder used for this purpose, else in fallback, else Documents."""
    _localize_when_shown()
    suggested = start_folder(purpose, fallback) / file_name
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), name_filter)
    if not name:
        return None
    remember(purpose, Path(name).parent)
    return Path(name)


def existing_folder(parent, purpose: str, title: str) -> Path | None:
    _localize_when_shown()
    folder = QFileDialog.getExistingDirectory(parent, title, str(start_folder(purpose)))
    if not folder:
        return None
    remember(purpose, Path(folder))
    return Path(folder)


# ----- the remembered folders (per user, beside Qt's other settings; not part of the ledger data)
def _settings() -> QSettings:
    return QSettings(QSettings.IniFormat, QSettings.UserScope, APP_NAME, "文件夹")


def start_folder(purpose: str, fallback: Path | None = None) -> Path:
    remembered = _settings().value(f"last_folder/{purpose}", "")
    for folder in (Path(remembered) if remembered else None, fallback, documents_folder()):
        if folder is not None and folder.is_dir():
            return folder
    return Path.home()


def remember(purpose: str, folder: Path) -> None:
    settings = _settings()
    settings.setValue(f"last_folder/{purpose}", str(folder))
    settings.sync()


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation) or Path.home())


# ----- Chinese columns in Qt's own (non-native) dialog
def size_text(size: int) -> str:
    """A file size as Chinese Windows shows it: 字节, KB, MB, GB."""
    if size < 1024:
        return f"{size} 字节"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}"
    return ""


class ChineseColumns(QIdentityProxyModel):
    """The dialog's file model with size, folder type and date in Chinese."""

    def data(self, index, role=DISPLAY_ROLE):
        column = index.column()
        if role != DISPLAY_ROLE or column not in (SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN):
            return super().data(index, role)
        files, source = self.sourceModel(), self.mapToSource(index)
        if column == SIZE_COLUMN:
            return "" if files.isDir(source) else size_text(files.size(source))
        if column == TYPE_COLUMN:
            return "文件夹" if files.isDir(source) else super().data(index, role)
        return QLocale(QLocale.Chinese, QLocale.China).toString(files.lastModified(source), QLocale.ShortFormat)


def localize(dialog) -> bool:
    """Give Qt's own file dialog the Chinese columns (a native dialog is the system's, already Chinese)."""
    if not isinstance(dialog, QFileDialog) or isinstance(dialog.proxyModel(), ChineseColumns):
        return False
    if dialog.findChild(QTreeView, "treeView") is None:  # a native dialog: Qt built no widgets of its own
        return False
    dialog.setProxyModel(ChineseColumns(dialog))
    return True


def _localize_when_shown() -> None:
    """The static pickers build their dialog inside the call: adjust it once its event loop runs."""
    QTimer.singleShot(0, lambda: localize(QApplication.activeModalWidget()))
