"""Cleaning and checking a register entry's values before they are stored (ValidationError names the field)."""

from datetime import date, datetime

from desktop.domain.errors import ValidationError
from desktop.domain.registers.entries import (
    ADVISER,
    CASE,
    DEFAULT_SERVICE_UNIT,
    LINE_MAX,
    MATTER,
    OFFICER,
    POLITICAL_STUDY_KIND,
    REVIEW,
    SERVICE,
    TEXT_MAX,
    TRAINING,
    Attendance,
    column_fields,
)
from desktop.domain.text import clean_text


def validate(entity: str, raw: dict, today: date) -> dict:
    """Cleaned column values of an entry (missing ones take their defaults), or ValidationError."""
    out = {f.name: _clean(f.name, f.metadata, raw.get(f.name, f.default), today) for f in column_fields(entity)}
    _CHECKS[entity](out)
    return out


def _clean(name: str, meta: dict, value, today: date):
    kind, label = meta["kind"], meta["label"]
    cleaned = _CLEANERS[kind](name, label, meta, value)
    if meta["required"] and cleaned in ("", None):
        verb = "选择" if kind in ("choice", "ref") else "填写"
        raise ValidationError(name, f"请{verb}{label}。")
    if meta["not_future"] and cleaned is not None and cleaned > today:
        raise ValidationError(name, f"{label}不能晚于今天。")
    return cleaned


def _line(name, label, meta, value) -> str:
    text = clean_text(value, single_line=True)
    if len(text) > LINE_MAX:
        raise ValidationError(name, f"{label}不能超过 {LINE_MAX} 个字。")
    return text


def _text(name, label, meta, value) -> str:
    text = clean_text(value)
    if len(text) > TEXT_MAX:
        raise ValidationError(name, f"{label}不能超过 {TEXT_MAX} 个字。")
    return text


def _choice(name, label, meta, value) -> str:
    text = clean_text(value, single_line=True)
    if text and text not in meta["choices"]:
        raise ValidationError(name, f"{label}只能是：{'、'.join(meta['choices'])}。")
    return text


def _date(name, label, meta, value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(name, f"{label}不是有效日期。") from None


def _number(name, label, meta, value, *, whole: bool):
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, bool) or (whole and not number.is_integer()):
        raise ValidationError(name, f"{label}应为{'整数' if whole else '数字'}。")
    low, high = meta["low"], meta["high"]
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValidationError(name, f"{label}应在 {low:g} 至 {high:g} 之间。")
    return int(number) if whole else number


def _bool(name, label, meta, value) -> bool:
    if value is None or isinstance(value, (bool, int)):
        return bool(value)
    raise ValidationError(name, f"{label}只能选“是”或“否”。")


def _ref(name, label, meta, value) -> int | None:
    if value in (None, "", 0):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(name, f"{label}无效。")
    return value


_CLEANERS = {"line": _line, "text": _text, "choice": _choice, "date": _date, "bool": _bool, "ref": _ref,
             "int": lambda n, lb, m, v: _number(n, lb, m, v, whole=True),
             "float": lambda n, lb, m, v: _number(n, lb, m, v, whole=False)}


def _check_review(v: dict) -> None:
    if v["extension_days"] and not v["extension_approved_by"]:
        raise ValidationError("extension_approved_by", "延长审查期限须填写延长批准人。")
    if v["opinion"] and v["opinion_on"] is None:
        raise ValidationError("opinion_on", "已填写审查意见，请填写出具意见日期。")
    if v["opinion_on"] is not None and not v["opinion"]:
        raise ValidationError("opinion", "已填写出具意见日期，请选择审查意见。")
    if v["opinion_on"] is not None and v["opinion_on"] < v["received_on"]:
        raise ValidationError("opinion_on", "出具意见日期不能早于收件日期。")
    if v["opinion"] not in ("", "同意") and not v["opinion_reasons"]:
        raise ValidationError("opinion_reasons", f"审查意见为“{v['opinion']}”时，请填写意见理由。")
    if v["adoption"] not in ("", "未记录") and not v["opinion"]:
        raise ValidationError("adoption", f"尚未出具审查意见，不能标记为{v['adoption']}。")


def _check_case(v: dict) -> None:
    if v["filed_on"] is not None and v["decision_on"] is not None and v["decision_on"] < v["filed_on"]:
        raise ValidationError("decision_on", "决定日期不能早于立案日期。")
    if v["no_penalty"] and v["fine_amount"]:
        raise ValidationError("fine_amount", "不予处罚的案件不应填写罚没金额。")
    if v["revised_on"] is not None and not v["revision"]:
        raise ValidationError("revision", "已填写撤销/变更日期，请选择决定被撤销还是变更。")
    if v["revision"] and v["revised_on"] is None:
        raise ValidationError("revised_on", f"决定被{v['revision']}，请填写{v['revision']}日期。")
    if v["revised_on"] is not None and (v["decision_on"] is None or v["revised_on"] < v["decision_on"]):
        raise ValidationError("revised_on", "撤销/变更日期不能早于决定日期。")
    if v["withdrawn_on"] is not None and v["revised_on"] is None:
        raise ValidationError("withdrawn_on", "决定未被撤销或变更，无须撤回公示信息。")
    if v["withdrawn_on"] is not None and v["withdrawn_on"] < v["revised_on"]:
        raise ValidationError("withdrawn_on", "公示信息撤回日期不能早于撤销/变更日期。")
    if v["published_on"] is not None:
        if v["decision_on"] is None:
            raise ValidationError("published_on", "尚未填写决定日期，不能填写公示日期。")
        if v["published_on"] < v["decision_on"]:
            raise ValidationError("published_on", "公示日期不能早于决定日期。")
        if v["publicity_exempt_reason"]:
            raise ValidationError("publicity_exempt_reason", "已填写公示日期，不应再填写不予公示理由。")
        if not v["publication_place"]:
            raise ValidationError("publication_place", "请填写公示载体（如政府门户网站）。")


def _check_adviser(v: dict) -> None:
    start, end = v["contract_start"], v["contract_end"]
    if start is not None and end is not None and end <= start:
        raise ValidationError("contract_end", "聘期结束日期应晚于聘期开始日期。")


def _check_training(v: dict) -> None:
    if v["officer_training"] and v["kind"] == POLITICAL_STUDY_KIND:
        raise ValidationError("officer_training", "党委中心组学法属于政治理论学习，不计入执法人员每年60学时的业务知识和"
                                                  "法律法规培训（《纲要》第（三十四）部分）。")


def _check_matter(v: dict) -> None:
    if v["petition_track"] and v["kind"] != "信访":
        raise ValidationError("petition_track", "信访办理方式只用于信访事项。")
    if v["kind"] == "信访" and not v["petition_track"]:
        raise ValidationError("petition_track", "请选择信访办理方式（转送交办的书面告知期限与按第31条第（六）项办理的期限不同）。")
    if v["head_appeared"] and v["kind"] != "行政应诉":
        raise ValidationError("head_appeared", "负责人出庭应诉只用于行政应诉案件。")
    if v["extended"] and v["kind"] not in ("依申请公开", "信访"):
        raise ValidationError("extended", "只有依申请公开（第33条）和信访（第34条）的期限可以经批准延长。")
    for name in ("answered_on", "concluded_on"):
        if v[name] is not None and v[name] < v["received_on"]:
            raise ValidationError(name, f"{'答复/答辩/告知日期' if name == 'answered_on' else '办结日期'}不能早于收到日期。")


_CHECKS = {REVIEW: _check_review, CASE: _check_case, ADVISER: _check_adviser,
           SERVICE: lambda v: None, TRAINING: _check_training, OFFICER: lambda v: None, MATTER: _check_matter,
           "law_publicity": lambda v: None}


def validate_attendance(rows, default_hours: float) -> tuple[Attendance, ...]:
    """(officer id, hours or None) pairs: hours default to the session's; each officer once."""
    seen, out = set(), []
    meta = {"low": 0, "high": 200}
    for officer_id, hours in rows:
        if officer_id in seen:
            raise ValidationError("attendance", "同一名执法人员在一次培训中只能登记一次。")
        seen.add(officer_id)
        value = _number("attendance", "参训学时", meta, hours, whole=False)
        out.append(Attendance(officer_id, default_hours if value is None else value))
    return tuple(sorted(out, key=lambda a: a.officer_id))


def default_service_unit(kind: str) -> str:
    return DEFAULT_SERVICE_UNIT.get(kind, "件")
