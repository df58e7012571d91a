"""Settings the officer can change under 设置: statutory time limits, yearly targets, the user's own holiday
calendar, and who signs the workbook's cover (each stored as JSON in the settings table, logged when changed)."""

import json

from desktop.domain import registers as rules
from desktop.domain.errors import ValidationError
from desktop.domain.text import clean_text
from desktop.domain.workdays import UserCalendar
from desktop.store import operations
from desktop.store.operations import Changes
from desktop.store.store import Store, get_setting, set_setting

SETTING_REVIEW_DAYS = "registers.review_days"
SETTING_PUBLICITY_DAYS = "registers.publicity_days"
SETTING_TARGETS = "registers.targets"
SETTING_CALENDAR = "workdays.user_calendar"
SETTING_SIGNERS = "workbook.signers"
SIGNER_LABELS = {"preparer": "填报人", "reviewer": "审核人"}  # on the progress workbook's 封面
SIGNER_MAX = 40
TARGET_LABELS = {"law_lectures": "法治专题讲座", "central_group_study": "党委中心组学法",
                 "exec_meeting_study": "会前学法（镇长办公会、党政联席会议）", "officer_hours": "执法人员年度培训学时"}


def _setting_map(store: Store, key: str, defaults: dict) -> dict:
    stored = json.loads(get_setting(store, key) or "{}")
    return {k: stored.get(k, v) for k, v in defaults.items()}


def write_setting(store: Store, key: str, value: str, label: str = "保存设置") -> Changes:
    """One setting written as one operation (joining the caller's, as save_settings does). A value equal
    to the one in force writes nothing, so saving 设置 unchanged leaves no operation and no log row."""
    return operations.run(store.db, label, lambda op: set_setting(store, key, value))


def _write_map(store: Store, key: str, merged: dict, current: dict) -> Changes:
    if merged == current:
        return Changes(label="保存设置")  # what is in force already (the defaults, or the stored values)
    return write_setting(store, key, json.dumps(merged, ensure_ascii=False))


def save_settings(store: Store, *, review: dict | None = None, publicity: dict | None = None,
                  target_values: dict | None = None, calendar_year: tuple | None = None,
                  signer_names: dict | None = None) -> Changes:
    """The 设置 dialog's 保存 as one operation: calendar_year is (year, holidays, workdays), or (year,)
    to remove that year's own calendar."""
    def save(op):
        if review is not None:
            set_review_days(store, review)
        if publicity is not None:
            set_publicity_days(store, publicity)
        if target_values is not None:
            set_targets(store, target_values)
        if calendar_year is not None and len(calendar_year) == 3:
            set_user_calendar_year(store, *calendar_year)
        elif calendar_year is not None:
            remove_user_calendar_year(store, calendar_year[0])
        if signer_names is not None:
            set_signers(store, signer_names)

    return operations.run(store.db, "保存设置", save)


def _checked_days(values: dict, allowed: tuple, what: str) -> dict:
    for key, days in values.items():
        if key not in allowed:
            raise ValidationError(key, f"未知的{what}：{key}")
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
            raise ValidationError(key, f"“{key}”的时限应为 1 至 60 之间的整数（工作日）。")
    return values


def review_days(store: Store) -> dict[str, int]:
    """Working days allowed per review category (settings over the defaults)."""
    return _setting_map(store, SETTING_REVIEW_DAYS, rules.DEFAULT_REVIEW_DAYS)


def set_review_days(store: Store, days: dict[str, int]) -> Changes:
    current = review_days(store)
    return _write_map(store, SETTING_REVIEW_DAYS,
                      current | _checked_days(days, rules.REVIEW_CATEGORIES, "审查类别"), current)


def publicity_days(store: Store) -> dict[str, int]:
    """Working days from decision to publication per enforcement kind."""
    return _setting_map(store, SETTING_PUBLICITY_DAYS, rules.DEFAULT_PUBLICITY_DAYS)


def set_publicity_days(store: Store, days: dict[str, int]) -> Changes:
    current = publicity_days(store)
    return _write_map(store, SETTING_PUBLICITY_DAYS,
                      current | _checked_days(days, rules.ENFORCEMENT_KINDS, "执法类别"), current)


def targets(store: Store) -> dict[str, float]:
    """Yearly targets: law_lectures, central_group_study (sessions), officer_hours."""
    return _setting_map(store, SETTING_TARGETS, rules.DEFAULT_TARGETS)


def set_targets(store: Store, values: dict[str, float]) -> Changes:
    for key, value in values.items():
        if key not in rules.DEFAULT_TARGETS:
            raise ValidationError(key, f"未知的年度目标：{key}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1000:
            raise ValidationError(key, f"“{TARGET_LABELS[key]}”的目标应为 0 至 1000 之间的数字。")
    current = targets(store)
    return _write_map(store, SETTING_TARGETS, current | values, current)


def user_calendar(store: Store) -> UserCalendar:
    return UserCalendar.from_json(get_setting(store, SETTING_CALENDAR))


def set_user_calendar_year(store: Store, year: int, holidays, workdays) -> Changes:
    """Holidays and make-up workdays of a year the built-in data does not cover yet."""
    return _write_calendar(store, user_calendar(store).with_year(year, holidays, workdays))


def remove_user_calendar_year(store: Store, year: int) -> Changes:
    return _write_calendar(store, user_calendar(store).without_year(year))


def _write_calendar(store: Store, calendar: UserCalendar) -> Changes:
    if calendar.to_json() == user_calendar(store).to_json():
        return Changes(label="保存设置")
    return write_setting(store, SETTING_CALENDAR, calendar.to_json())


def signers(store: Store) -> dict[str, str]:
    """填报人 and 审核人 of the workbook's cover ("" until set)."""
    return _setting_map(store, SETTING_SIGNERS, dict.fromkeys(SIGNER_LABELS, ""))


def set_signers(store: Store, names: dict[str, str]) -> Changes:
    cleaned = {}
    for key, name in names.items():
        if key not in SIGNER_LABELS:
            raise ValidationError(key, f"未知的签署人：{key}")
        cleaned[key] = clean_text(name or "", single_line=True).strip()
        if len(cleaned[key]) > SIGNER_MAX:
            raise ValidationError(key, f"“{SIGNER_LABELS[key]}”不能超过 {SIGNER_MAX} 个字。")
    current = signers(store)
    return _write_map(store, SETTING_SIGNERS, current | cleaned, current)
