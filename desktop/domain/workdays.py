"""Deadlines in working days (statutory holidays and make-up workdays counted) and in calendar days.

The one module that talks to chinese_calendar. Its data covers a fixed range of years and raises
NotImplementedError outside it; for those years a user-entered calendar is used if there is one, else
Monday to Friday, and the result says it is an estimate.

Conventions (see docs/registers.md for the sources):
- "N 个工作日内" from a date: the N-th working day strictly after that date (the start day is not counted,
  also when it is itself a working day), so a matter received on a Saturday counts from the Monday.
- Calendar-day periods: the start day is not counted (民事诉讼法第85条), so the last day is start + N; when
  the period rolls over (litigation), a last day that is a rest day moves to the next working day.
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import chinese_calendar

from desktop.domain.errors import ValidationError

MAX_SCAN_DAYS = 3660  # a calendar that marks every day a holiday must not loop forever
ESTIMATED_NOTE = "{years}年度法定节假日数据未收录，按周一至周五估算"
USER_NOTE = "{years}年度按自行录入的节假日安排计算"


@dataclass(frozen=True)
class Deadline:
    due: date
    estimated: bool = False
    note: str = ""


@dataclass(frozen=True)
class UserYear:
    """One year's statutory holidays (days off) and make-up workdays (weekend days worked)."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


@dataclass(frozen=True)
class UserCalendar:
    """Holidays the officer entered for years the built-in data does not cover."""

    years: dict[int, UserYear] = field(default_factory=dict)

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, day: date) -> bool:
        entry = self.years[day.year]
        return day in entry.workdays or (day.weekday() < 5 and day not in entry.holidays)

    def with_year(self, year: int, holidays, workdays) -> "UserCalendar":
        entry = validate_user_year(year, holidays, workdays)
        return UserCalendar({**self.years, year: entry})

    def without_year(self, year: int) -> "UserCalendar":
        return UserCalendar({y: e for y, e in self.years.items() if y != year})

    def to_json(self) -> str:
        return json.dumps({str(y): {"holidays": sorted(d.isoformat() for d in e.holidays),
                                    "workdays": sorted(d.isoformat() for d in e.workdays)}
                           for y, e in sorted(self.years.items())}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> "UserCalendar":
        if not text:
            return cls()
        data = json.loads(text)
        return cls({int(y): validate_user_year(int(y), [date.fromisoformat(d) for d in e.get("holidays", [])],
                                               [date.fromisoformat(d) for d in e.get("workdays", [])])
                    for y, e in data.items()})


def validate_user_year(year: int, holidays, workdays) -> UserYear:
    holidays, workdays = frozenset(holidays), frozenset(workdays)
    if has_official_data(year):
        raise ValidationError("year", f"{year}年度的法定节假日已内置，无需自行录入。")
    for day in holidays | workdays:
        if day.year != year:
            raise ValidationError("year", f"{day.isoformat()} 不在 {year} 年度内。")
    both = holidays & workdays
    if both:
        raise ValidationError("workdays", f"{min(both).isoformat()} 不能既是放假日又是调休上班日。")
    return UserYear(holidays, workdays)


@cache
def has_official_data(year: int) -> bool:
    """Whether chinese_calendar knows this year's holidays (it raises NotImplementedError if not)."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _source(day: date, user: UserCalendar | None) -> str:
    if has_official_data(day.year):
        return "official"
    return "user" if user is not None and user.covers(day.year) else "estimate"


def is_workday(day: date, user: UserCalendar | None = None) -> bool:
    source = _source(day, user)
    if source == "official":
        return chinese_calendar.is_workday(day)
    if source == "user":
        return user.is_workday(day)
    return day.weekday() < 5


def _deadline(due: date, scanned_from: date, user: UserCalendar | None) -> Deadline:
    """A deadline, estimated when any year between the start and the due date had to be guessed."""
    years = range(scanned_from.year, due.year + 1)
    guessed = [y for y in years if _source(date(y, 1, 1), user) == "estimate"]
    if guessed:
        return Deadline(due, True, ESTIMATED_NOTE.format(years="、".join(map(str, guessed))))
    entered = [y for y in years if _source(date(y, 1, 1), user) == "user"]
    note = USER_NOTE.format(years="、".join(map(str, entered))) if entered else ""
    return Deadline(due, False, note)


def add_workdays(start: date, days: int, *, extension: int = 0, user: UserCalendar | None = None) -> Deadline:
    """The (days + extension)-th working day strictly after start."""
    total = days + extension
    if days < 1 or extension < 0:
        raise ValueError("a working-day limit needs days >= 1 and extension >= 0")
    day, counted = start, 0
    for _ in range(MAX_SCAN_DAYS):
        day += timedelta(days=1)
        if is_workday(day, user):
            counted += 1
            if counted == total:
                return _deadline(day, start + timedelta(days=1), user)
    raise ValueError("no working day found: check the user calendar")


def next_workday(day: date, user: UserCalendar | None = None) -> date:
    """The day itself if it is a working day, else the first working day after it."""
    for _ in range(MAX_SCAN_DAYS):
        if is_workday(day, user):
            return day
        day += timedelta(days=1)
    raise ValueError("no working day found: check the user calendar")


def add_calendar_days(start: date, days: int, *, roll_over: bool = False,
                      user: UserCalendar | None = None) -> Deadline:
    """start + days (the start day not counted); with roll_over a last day that is a rest day
    (statutory holiday or weekend) becomes the next working day."""
    if days < 1:
        raise ValueError("a calendar-day limit needs days >= 1")
    due = start + timedelta(days=days)
    if not roll_over:
        return Deadline(due)
    rolled = next_workday(due, user)
    return _deadline(rolled, due, user)


@dataclass(frozen=True)
class StatutoryLimit:
    label: str
    days: int
    working_days: bool
    roll_over: bool
    basis: str


# Periods a township meets outside the registers, each with its counting rule and its source.
STATUTORY_LIMITS = {
    "petition_notice": StatutoryLimit("信访事项书面告知信访人", 15, False, False, "《信访工作条例》第23条第3款"),
    "petition_handling": StatutoryLimit("按第31条第（六）项办理的信访事项办结（可延长不超过30日）", 60, False, False,
                                        "《信访工作条例》第34条"),
    # 行政复议法(2023)第88条第2款："三日""五日""七日""十日"指工作日，不含法定休假日。
    "reconsideration_reply": StatutoryLimit("行政复议书面答复并提交证据", 10, True, False,
                                            "《行政复议法》第48条、第88条"),
    "reconsideration_reply_simple": StatutoryLimit("行政复议（简易程序）书面答复", 5, True, False,
                                                   "《行政复议法》第54条、第88条"),
    "litigation_defence": StatutoryLimit("行政应诉提交答辩状和证据", 15, False, True,
                                         "《行政诉讼法》第67条、第101条；《民事诉讼法》第85条"),
}


def statutory_deadline(key: str, start: date, *, user: UserCalendar | None = None) -> Deadline:
    limit = STATUTORY_LIMITS[key]
    if limit.working_days:
        return add_workdays(start, limit.days, user=user)
    return add_calendar_days(start, limit.days, roll_over=limit.roll_over, user=user)
