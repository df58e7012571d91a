"""The window's today, which moves on at midnight: a PC left on past midnight or New Year shows the new day's
overdue colours, due list and export dates."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

CHECK_MS = 60_000  # also after a sleep or a change of the system clock, within a minute


class Clock(QObject):
    """today() as the window uses it; date_changed(new_date) when the day has changed."""

    date_changed = Signal(object)

    def __init__(self, parent: QObject | None = None, now: Callable[[], datetime] = datetime.now,
                 running: bool = True):
        super().__init__(parent)
        self._now, self._runs = now, running
        self._today = now().date()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        if running:
            self._arm()

    def today(self) -> date:
        return self._today

    def check(self) -> None:
        """Compare with the time now; say so when the day has changed."""
        current = self._now().date()
        if current != self._today:
            self._today = current
            self.date_changed.emit(current)
        if self._runs:
            self._arm()

    def _arm(self) -> None:
        now = self._now()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        until = int((midnight - now).total_seconds() * 1000) + 500  # just past midnight
        self._timer.start(max(1000, min(until, CHECK_MS)))


class FixedClock(Clock):
    """A clock set by hand (tests, and a window opened for a given day): set(day) moves it on."""

    def __init__(self, today: date, parent: QObject | None = None):
        self._fixed = datetime.combine(today, datetime.min.time())
        super().__init__(parent, now=lambda: self._fixed, running=False)

    def set(self, day: date) -> None:
        self._fixed = datetime.combine(day, datetime.min.time())
        self.check()
