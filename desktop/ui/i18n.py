"""Qt's own dialogs in Chinese: load qtbase_zh_CN from the bundle or Qt's folder."""

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop.paths import resource_path


def install_chinese(app: QApplication) -> bool:
    """Before any dialog is made: Qt's widgets read their texts when they are built."""
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    if getattr(app, "_zh_translator", None) is not None:  # once per application
        return True
    translator = QTranslator(app)
    folders = [str(resource_path("i18n")), QLibraryInfo.path(QLibraryInfo.TranslationsPath)]
    for folder in folders:
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            app._zh_translator = translator  # keep it alive with the app
            return True
    return False
