"""The window's today moves on at midnight (a PC left on past New Year's Eve)."""

import re
from datetime import date, datetime

from PySide6.QtGui import QColor

from desktop.services import ledgers
from desktop.ui.checklist_model import COL_DUE, FOREGROUND_ROLE, TOOLTIP_ROLE
from desktop.ui.clock import Clock, FixedClock
from desktop.ui.main_window import MainWindow
from tests.gui_helpers import click_item, when_modal


def _due_cell(window, code, role):
    item = next(i for i in window.view.items if i.code == code)
    index = window.model.index_of(item.id)
    return window.model.data(index.siblingAtColumn(COL_DUE), role)


def _late(window) -> int:
    return int(re.search(r"逾期 (\d+) 项", window.progress_label.text()).group(1))


def test_past_midnight_on_new_years_eve_the_window_shows_the_new_day(qtbot, store, mini_ledger, item_ids,
                                                                   watchdog):
    ledgers.update_item(store, item_ids["1.1"], {"due_date": date(2025, 12, 31)})
    clock = FixedClock(date(2025, 12, 31))
    window = MainWindow(store, clock=clock)
    qtbot.addWidget(window)
    window.show()
    click_item(qtbot, window, "1.1")
    window.item_panel.remark.setPlainText("正在写的备注")  # typed, not saved: must stay
    assert _due_cell(window, "1.1", TOOLTIP_ROLE) is None
    qtbot.waitUntil(lambda: bool(re.search(r"逾期 \d+ 项", window.progress_label.text())))  # the start-up count
    before = _late(window)
    assert window.due_entries() and not any(e.overdue for e in window.due_entries())

    with qtbot.waitSignal(window.model.dataChanged):
        clock.set(date(2026, 1, 1))

    assert window.today == date(2026, 1, 1)
    assert _due_cell(window, "1.1", TOOLTIP_ROLE) == "已逾期"
    assert _due_cell(window, "1.1", FOREGROUND_ROLE) == QColor("#c0392b")
    assert _late(window) == before + 1
    assert any(e.overdue for e in window.due_entries())
    assert window.item_panel.remark.toPlainText() == "正在写的备注"
    shown = []

    def look(dialog):
        shown.append(dialog.formed_on.date().toPython())
        dialog.reject()

    when_modal(look)
    window.open_evidence_dialog()
    assert shown == [date(2026, 1, 1)]  # the new evidence's date is the new day


def test_the_clock_says_when_the_day_changes(qtbot):
    now = [datetime(2025, 12, 31, 23, 59, 59)]
    clock = Clock(now=lambda: now[0], running=False)
    seen = []
    clock.date_changed.connect(seen.append)
    clock.check()
    assert seen == []
    now[0] = datetime(2026, 1, 1, 0, 0, 1)
    clock.check()
    assert seen == [date(2026, 1, 1)] and clock.today() == date(2026, 1, 1)


def test_an_export_after_midnight_dates_the_new_day(qtbot, store, mini_ledger, item_ids, watchdog, tmp_path):
    import openpyxl

    from tests.gui_helpers import accept_message

    ledgers.update_item(store, item_ids["1.1"], {"due_date": date(2025, 12, 31)})
    clock = FixedClock(date(2025, 12, 31))
    window = MainWindow(store, clock=clock)
    qtbot.addWidget(window)
    window.show()
    clock.set(date(2026, 1, 1))
    target, messages = tmp_path / "进度表.xlsx", []
    when_modal(accept_message(messages, "关闭"))
    window.actions_.export_xlsx(target=target)
    qtbot.waitUntil(lambda: bool(messages), timeout=60000)
    rows = list(openpyxl.load_workbook(target)["未完成事项"].iter_rows(values_only=True))
    assert any(row[0] == "1.1" and "已逾期" in row for row in rows)  # overdue as of the new day
