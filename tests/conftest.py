import os
import sys
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.services import ledgers, templates
from desktop.store.store import Store

DATA = Path(__file__).parent / "data"


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def mini_template_id(store):
    return templates.install(store.db, templates.load_template(DATA / "mini_template.yaml"))


@pytest.fixture
def mini_ledger(store, mini_template_id):
    """A ledger of the small test checklist: returns its id."""
    return ledgers.create_ledger(store, "测试镇人民政府", 2025, mini_template_id).result


@pytest.fixture
def ledger(store):
    """A ledger of the built-in checklist (register default links name its item codes)."""
    return ledgers.create_ledger(store, "测试镇人民政府", 2025).result


@pytest.fixture
def codes(store, ledger):
    """Item ids of that ledger by code."""
    return {i.code: i.id for i in ledgers.load_view(store, ledger).items}


def add_entry(store, ledger, entity, **fields):
    """A register entry, as of TODAY."""
    from desktop.services import registers

    return registers.add(store, entity, ledger, fields, today=TODAY).result


@pytest.fixture
def item_ids(store, mini_ledger):
    """Ledger item ids by code."""
    return {i.code: i.id for i in ledgers.load_view(store, mini_ledger).items}


@pytest.fixture
def sample_file(tmp_path):
    def make(name="会议纪要.pdf", content=b"%PDF-1.4 sample"):
        path = tmp_path / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path
    return make


TODAY = date(2025, 12, 1)


@pytest.fixture(scope="session")
def watchdog(qapp):
    from tests.gui_helpers import ModalWatchdog

    return ModalWatchdog()


@pytest.fixture
def window(qtbot, store, watchdog):
    """The real main window on an empty data directory, shown and active."""
    from desktop.ui.main_window import MainWindow

    watchdog.stray.clear()
    win = MainWindow(store, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # shortcuts and focus need the active window
    yield win
    assert not watchdog.stray, f"a dialog nobody answered: {watchdog.stray}"


@pytest.fixture(autouse=True, scope="session")
def _qsettings_in_a_temporary_folder(tmp_path_factory):
    """QSettings (the file pickers' last folders) never in the tester's own profile."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path_factory.mktemp("qsettings")))
