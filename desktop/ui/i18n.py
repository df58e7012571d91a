"""Qt's own dialogs in Chinese: load qtbase_zh_CN from the bundle or Qt's folder."""

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop.paths import resource_path


def install_chinese(app: QApplication) -> bool:
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    translator = QTranslator(app)
    folders = [str(resource_path("i18n")), QLibraryInfo.path(QLibraryInfo.TranslationsPath)]
    for folder in folders:
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            app._zh_translator = translator  # keep it alive with the app
            return True
    return False
