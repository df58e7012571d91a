"""What the statutes check on a register entry beyond its own fields: the ledger's year, the time a 重大行政决策
review was given (条例 Art.25/26), the case's statutory limits (行政处罚法 Art.42, 48, 60) and the reviewers-
to-officers ratio (国办发〔2018〕118号（十一）). Warnings: the officer may still save."""

from datetime import date, timedelta

from desktop.domain.registers.entries import (
    CERTIFICATE_NOTICE_DAYS,
    YEAR_DATE,
    EnforcementCase,
    EnforcementOfficer,
    LegalityReview,
)
from desktop.domain.workdays import Deadline, UserCalendar, add_calendar_days, add_workdays, is_workday

DECISION_REVIEW_DAYS = 7  # 条例 Art.26: 一般不少于7个工作日 — the time the submitter must allow
CASE_DECISION_DAYS = 90  # 行政处罚法 Art.60 (calendar days: Art.85 makes only 二/三/五/七日 working days)
WITHDRAW_DAYS = 3  # 行政处罚法 Art.48 ¶2 "三日内撤回", working days by Art.85
MIN_CASE_OFFICERS = 2  # 行政处罚法 Art.42, 行政强制法 Art.18(2)
REVIEWER_RATIO = 0.05  # 118号（十一）: 原则上不少于本单位执法人员总数的5%


# --- the ledger's year -------------------------------------------------------------------------------------

def in_year(entity: str, entry, year: int) -> bool:
    """Whether an entry counts toward the year's targets and indicators: its date lies in the year (an
    undated entry, such as a case not yet decided, counts)."""
    name = YEAR_DATE.get(entity)
    value = getattr(entry, name) if name else None
    return value is None or value.year == year


def year_warnings(entity: str, values: dict, year: int) -> dict[str, str]:
    """{field: warning} for a date outside the ledger's year, as the form shows it beside the field."""
    name = YEAR_DATE.get(entity)
    value = values.get(name) if name else None
    if not isinstance(value, date) or value.year == year:
        return {}
    return {name: outside_year_text(value, year)}


def outside_year_text(value: date, year: int) -> str:
    return (f"注意：{value.isoformat()} 不在本台账年度（{year}年）内，该记录不计入{year}年度的指标和目标。"
            f"请核对日期，或在{value.year}年度的台账中登记。")


def evidence_outside_year_text(value: date, year: int) -> str:
    return (f"注意：形成日期 {value.isoformat()} 不在本台账年度（{year}年）内。请核对日期（新增时默认为今天），"
            f"或在{value.year}年度的台账中添加。")


# --- 重大行政决策: the time the review was given, and its place before the discussion -------------------

def workdays_between(start: date, end: date, user: UserCalendar | None = None) -> int:
    """Working days strictly after start up to and including end (0 when end is not after start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day, user)
    return count


def earliest_discussion(review: LegalityReview, user: UserCalendar | None = None) -> Deadline:
    """The first day the draft may go to 集体讨论 having allowed the reviewer the floor of Art.26."""
    return add_workdays(review.received_on, review.time_limit_days or DECISION_REVIEW_DAYS, user=user)


def decision_review_warnings(review: LegalityReview, user: UserCalendar | None = None) -> list[str]:
    if review.category != "重大行政决策" or review.received_on is None:
        return []
    found = []
    floor = review.time_limit_days or DECISION_REVIEW_DAYS
    ends = [d for d in (review.opinion_on, review.discussed_on) if d is not None]
    if ends:
        given = workdays_between(review.received_on, min(ends), user)
        if given < floor:
            found.append(f"合法性审查时间仅 {given} 个工作日：送请合法性审查应当保证必要的审查时间，一般不少于"
                         f"{floor}个工作日（《重大行政决策程序暂行条例》第26条）。")
    if review.discussed_on is not None:
        if review.opinion_on is None:
            found.append("已集体讨论但未登记合法性审查意见：未经合法性审查的，不得提交集体讨论"
                         "（《重大行政决策程序暂行条例》第25条）。")
        elif review.opinion_on > review.discussed_on:
            found.append(f"合法性审查意见（{review.opinion_on.isoformat()}）晚于集体讨论（"
                         f"{review.discussed_on.isoformat()}）：应当先审查、后讨论（《重大行政决策程序暂行条例》第25条）。")
    return found


def legal_review_warnings(review: LegalityReview) -> list[str]:
    if review.category != "重大执法决定" or review.reviewer_qualified or not review.reviewer:
        return []
    return [f"审核人员{review.reviewer}未登记法律职业资格：初次从事行政处罚决定法制审核的人员，应当通过国家统一法律"
            "职业资格考试取得法律职业资格（《行政处罚法》第58条第2款）。"]


# --- 行政执法案件 --------------------------------------------------------------------------------------------

def decision_deadline(case: EnforcementCase) -> Deadline | None:
    """行政处罚法 Art.60: a penalty decision within 90 days of 立案 (None: not a filed penalty case)."""
    if case.kind != "处罚" or case.filed_on is None:
        return None
    return add_calendar_days(case.filed_on, CASE_DECISION_DAYS)


def withdraw_deadline(case: EnforcementCase, user: UserCalendar | None = None) -> Deadline | None:
    """Art.48 ¶2: a published decision changed or revoked is withdrawn within 3 (working) days."""
    if case.revised_on is None or case.published_on is None:
        return None
    return add_workdays(case.revised_on, WITHDRAW_DAYS, user=user)


def case_warnings(case: EnforcementCase, officers: dict[str, EnforcementOfficer],
                  user: UserCalendar | None = None) -> dict[str, str]:
    """{field: warning}; officers: the unit's roster by name."""
    found = {}
    officer_text = _officer_warnings(case, officers)
    if officer_text:
        found["case_officers"] = officer_text[0]
    limit = decision_deadline(case)
    if limit is not None and case.decision_on is not None and case.decision_on > limit.due:
        found["decision_on"] = (f"自立案（{case.filed_on.isoformat()}）至决定超过90日（时限 {limit.due.isoformat()}）："
                                "行政处罚案件应当自立案之日起九十日内作出决定，延长须依法批准（《行政处罚法》第60条）。")
    withdraw = withdraw_deadline(case, user)
    if withdraw is not None and (case.withdrawn_on is None or case.withdrawn_on > withdraw.due):
        late = "尚未撤回" if case.withdrawn_on is None else f"于 {case.withdrawn_on.isoformat()} 撤回"
        found["withdrawn_on"] = (f"已公开的决定被{case.revision}，公示信息{late}：应当在三个工作日内"
                                 f"（{withdraw.due.isoformat()}前）撤回并公开说明理由（《行政处罚法》第48条第2款、第85条）。")
    return found


# Per kind of case, what the law asks of its officers: (at least two, why; certified, why). 许可 is granted by
# 工作人员 (行政许可法 Art.34: two only where material is verified on site), 征收征用 and 其他 by their own laws:
# no rule is claimed for them rather than one of another law.
_OFFICER_RULES = {
    "处罚": ("执法人员不得少于两人，并应当具有行政执法资格（《行政处罚法》第42条）",
           "（《行政处罚法》第42条）"),
    "强制": ("行政强制措施应当由两名以上行政执法人员实施（《行政强制法》第18条第二项）",
           "（《行政强制法》第17条第3款：应当由具备资格的行政执法人员实施）"),
    "检查": (None, "（《行政处罚法》第55条：检查时应当出示执法证件）"),
}


def _officer_warnings(case: EnforcementCase, officers: dict[str, EnforcementOfficer]) -> list[str]:
    rule = _OFFICER_RULES.get(case.kind)
    if rule is None or (case.decision_on is None and case.filed_on is None):
        return []
    at_least_two, certified = rule
    names = case.officer_names
    if at_least_two and len(names) < MIN_CASE_OFFICERS:
        return [f"承办执法人员{len(names)}名：{at_least_two}。"]
    on = case.decision_on or case.filed_on
    lacking = []
    for name in names:
        officer = officers.get(name)
        if officer is None or not officer.certificate_no:
            lacking.append(f"{name}（执法人员名册中无执法证）")
        elif officer.certificate_expires is not None and officer.certificate_expires < on:
            lacking.append(f"{name}（执法证已于 {officer.certificate_expires.isoformat()} 到期）")
    if not lacking:
        return []
    return [f"承办执法人员不具有有效执法证：{'、'.join(lacking)}{certified}。"]


# --- the rosters ---------------------------------------------------------------------------------------------

def reviewer_ratio_text(officers) -> str:
    """法制审核人员 to 执法人员 of the unit's roster (those on duty), against 118号（十一）'s 5 %."""
    on_duty = [o for o in officers if o.active]
    reviewers = sum(1 for o in on_duty if o.legal_reviewer)
    holders = sum(1 for o in on_duty if o.certificate_no and not o.legal_reviewer)
    if not holders:
        return f"法制审核人员 {reviewers} 名；名册中尚无持证执法人员，无法计算审核人员比例。"
    ratio = reviewers / holders
    verdict = "✓" if ratio >= REVIEWER_RATIO else "✗ 低于5%"
    return (f"法制审核人员 {reviewers} 名／持证执法人员 {holders} 名 = {ratio:.1%} {verdict}"
            "（国办发〔2018〕118号第（十一）项：原则上不少于执法人员总数的5%）")


def certificate_due(officer: EnforcementOfficer, today: date) -> bool:
    """An officer on duty whose certificate expires within the notice period (or has expired)."""
    end = officer.certificate_expires
    return officer.active and end is not None and (end - today).days <= CERTIFICATE_NOTICE_DAYS
