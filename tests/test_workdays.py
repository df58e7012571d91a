"""Working-day and calendar-day deadlines, checked against the State Council holiday notices
(2024: 国办发明电〔2023〕7号; 2025: 国办发明电〔2024〕12号; 2026: 国办发明电〔2025〕7号) and chinese_calendar."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.workdays import (
    UserCalendar,
    add_calendar_days,
    add_workdays,
    has_official_data,
    statutory_deadline,
)


@pytest.mark.parametrize("start, days, extension, expected", [
    # Fri before National Day 2025 (10-1..10-8 off, Sun 9-28 worked): 9-28, 9-29, 9-30, 10-9, 10-10
    (date(2025, 9, 26), 5, 0, date(2025, 10, 10)),
    # received on a Saturday: counting starts after it, the make-up Sunday 9-28 is the first working day
    (date(2025, 9, 27), 5, 0, date(2025, 10, 10)),
    # with 5 more days on approval: 10-11 (Sat, worked), 10-13, 10-14, 10-15, 10-16
    (date(2025, 9, 26), 5, 5, date(2025, 10, 16)),
    # Spring Festival 2024 (2-10..2-17 off; 2-4 and 2-18 Sundays worked): 2-9, 2-18, 2-19, 2-20, 2-21
    (date(2024, 2, 8), 5, 0, date(2024, 2, 21)),
    # National Day 2024 (10-1..10-7 off; Sun 9-29 and Sat 10-12 worked): 7 working days end on Sat 10-12
    (date(2024, 9, 27), 7, 0, date(2024, 10, 12)),
    # Spring Festival 2025 (1-28..2-4 off; Sun 1-26 and Sat 2-8 worked): 1-26, 1-27, 2-5, 2-6, 2-7
    (date(2025, 1, 24), 5, 0, date(2025, 2, 7)),
    # Spring Festival 2026 (2-15..2-23 off; Sat 2-14 and Sat 2-28 worked): 2-13, 2-14, 2-24..2-27, 2-28
    (date(2026, 2, 12), 7, 0, date(2026, 2, 28)),
    # Mid-Autumn 9-25..9-27 and National Day 10-1..10-7 2026 (Sun 9-20, Sat 10-10 worked): 20 working days
    (date(2026, 9, 18), 20, 0, date(2026, 10, 22)),
])
def test_working_day_deadlines_across_holidays(start, days, extension, expected):
    deadline = add_workdays(start, days, extension=extension)
    assert deadline.due == expected
    assert not deadline.estimated and deadline.note == ""
    # cross-check with chinese_calendar itself: exactly N working days after the start, the last one included
    worked = chinese_calendar.get_workdays(start + timedelta(days=1), expected)
    assert len(worked) == days + extension and worked[-1] == expected


def test_start_day_is_not_counted_even_when_it_is_a_working_day():
    assert add_workdays(date(2025, 10, 9), 1).due == date(2025, 10, 10)


def test_years_without_data_fall_back_to_monday_to_friday_and_say_so():
    assert has_official_data(2026) and not has_official_data(2031)
    deadline = add_workdays(date(2031, 3, 7), 5)  # a Friday
    assert deadline.due == date(2031, 3, 14)
    assert deadline.estimated
    assert deadline.note == "2031年度法定节假日数据未收录，按周一至周五估算"


def test_a_deadline_running_into_an_uncovered_year_is_estimated():
    deadline = add_workdays(date(2026, 12, 28), 5)  # 12-29, 12-30, 12-31, then 2027 guessed: 1-1, 1-4
    assert deadline.due == date(2027, 1, 4)
    assert deadline.estimated and "2027" in deadline.note


def test_user_calendar_replaces_the_estimate():
    calendar = UserCalendar().with_year(2027, holidays=[date(2027, 1, 1)], workdays=[date(2027, 1, 2)])
    deadline = add_workdays(date(2026, 12, 31), 2, user=calendar)  # 1-1 off, Sat 1-2 worked, 1-4
    assert deadline.due == date(2027, 1, 4)
    assert not deadline.estimated and deadline.note == "2027年度按自行录入的节假日安排计算"
    assert add_workdays(date(2026, 12, 28), 5, user=calendar).due == date(2027, 1, 4)
    assert add_workdays(date(2026, 12, 28), 5, user=UserCalendar().with_year(2027, [date(2027, 1, 1)], [])
                        ).due == date(2027, 1, 5)


def test_user_calendar_round_trips_and_is_checked():
    calendar = UserCalendar().with_year(2028, [date(2028, 1, 1), date(2028, 1, 3)], [date(2028, 1, 8)])
    assert UserCalendar.from_json(calendar.to_json()) == calendar
    assert UserCalendar.from_json(None) == UserCalendar()
    assert calendar.without_year(2028) == UserCalendar()
    with pytest.raises(ValidationError, match="已内置"):
        UserCalendar().with_year(2025, [date(2025, 1, 1)], [])
    with pytest.raises(ValidationError, match="不在 2028 年度内"):
        UserCalendar().with_year(2028, [date(2029, 1, 1)], [])
    with pytest.raises(ValidationError, match="既是放假日又是调休上班日"):
        UserCalendar().with_year(2028, [date(2028, 1, 8)], [date(2028, 1, 8)])


def test_calendar_days_and_rolling_over_a_rest_day():
    assert add_calendar_days(date(2025, 9, 26), 15).due == date(2025, 10, 11)  # 信访: plain calendar days
    # the last day 10-1 falls in the National Day holiday: the first day after it is 10-9
    assert add_calendar_days(date(2025, 9, 16), 15).due == date(2025, 10, 1)
    assert add_calendar_days(date(2025, 9, 16), 15, roll_over=True).due == date(2025, 10, 9)
    assert add_calendar_days(date(2025, 11, 7), 15, roll_over=True).due == date(2025, 11, 24)  # Sat → Mon


def test_statutory_limits_use_their_own_counting():
    assert statutory_deadline("petition_notice", date(2025, 9, 26)).due == date(2025, 10, 11)
    assert statutory_deadline("petition_handling", date(2025, 9, 26)).due == date(2025, 11, 25)
    # 行政复议法第88条: "十日" are working days — 9-28 … 10-11 (Sat, worked) … 10-16
    assert statutory_deadline("reconsideration_reply", date(2025, 9, 26)).due == date(2025, 10, 16)
    assert statutory_deadline("litigation_defence", date(2025, 9, 16)).due == date(2025, 10, 9)


def test_nonsense_limits_are_programming_errors():
    with pytest.raises(ValueError):
        add_workdays(date(2025, 1, 1), 0)
    with pytest.raises(ValueError):
        add_workdays(date(2025, 1, 1), 5, extension=-1)
    with pytest.raises(ValueError):
        add_calendar_days(date(2025, 1, 1), 0)
