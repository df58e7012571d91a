"""Warnings, working-day deadlines and the per-case verdict on the three enforcement systems."""

from dataclasses import dataclass
from datetime import date

from desktop.domain.registers.checks import decision_review_warnings, legal_review_warnings
from desktop.domain.registers.entries import EnforcementCase, LegalityReview
from desktop.domain.workdays import Deadline, UserCalendar, add_workdays


def review_warnings(review: LegalityReview, user: UserCalendar | None = None) -> list[str]:
    """What a review lacks (a warning, not a refusal): a 重大执法决定's reviewer qualification, a 重大行政决策's
    procedures and their order. An opinion on record is itself the 合法性审查."""
    if review.category != "重大行政决策":
        return legal_review_warnings(review)
    found = []
    if not (review.proc_legality_review or review.opinion):
        found.append("重大行政决策未经合法性审查：未经合法性审查或者经审查不合法的，不得提交集体讨论"
                     "（《重大行政决策程序暂行条例》第25条）。")
    if not review.proc_collective_decision:
        found.append("重大行政决策未经集体讨论决定：合法性审查和集体讨论决定程序不得省略（《纲要》第（十一）部分）；"
                     "乡镇参照条例第30条执行（第42条），由镇长办公会或党政联席会议集体讨论（乡镇不设政府常务会议）。")
    if not review.adviser_consulted:
        found.append("未听取法律顾问、公职律师意见（《重大行政决策程序暂行条例》第28条）。")
    return found + decision_review_warnings(review, user)


def officer_hours_verdict(officers) -> str:
    """The year's training hours of the officers on duty (each with name, hours, short_by), in one sentence."""
    if not officers:
        return "尚未登记执法人员（在岗），无法核对培训学时；请在“执法人员”页登记。"
    short = "、".join(f"{o.name}（{o.hours:g} 学时，差 {o.short_by:g}）" for o in officers if o.short_by > 0)
    return f"执法人员学时未达标：{short}。" if short else f"在岗执法人员 {len(officers)} 人，学时均已达标。"


def review_deadline(review: LegalityReview, user: UserCalendar | None = None) -> Deadline:
    return add_workdays(review.received_on, review.time_limit_days, extension=review.extension_days, user=user)


def review_status(review: LegalityReview, deadline: Deadline, today: date) -> str:
    """A 重大行政决策's 7 working days are the least the submitter allows the reviewer (条例 Art.26), not the
    reviewer's deadline: its opinion is never late, its review never overdue."""
    if review.category == "重大行政决策":
        return "已出具意见" if review.opinion_on is not None else "审查中"
    if review.opinion_on is not None:
        return "按期办结" if review.opinion_on <= deadline.due else "逾期办结"
    return "已逾期" if today > deadline.due else "审查中"


def publicity_deadline(case: EnforcementCase, user: UserCalendar | None = None) -> Deadline | None:
    """None while no decision is made or when the case is not to be published."""
    if case.decision_on is None or case.publicity_exempt_reason:
        return None
    return add_workdays(case.decision_on, case.publicity_days, user=user)


@dataclass(frozen=True)
class SystemCheck:
    system: str
    status: str  # ok / fail / pending / na
    text: str

    @property
    def mark(self) -> str:
        return {"ok": "✓", "fail": "✗", "pending": "…", "na": "—"}[self.status]


@dataclass(frozen=True)
class CaseVerdict:
    """The three enforcement systems of one case, each ✓/✗ with a reason."""

    publicity: SystemCheck
    recording: SystemCheck
    review: SystemCheck

    @property
    def checks(self) -> tuple[SystemCheck, SystemCheck, SystemCheck]:
        return (self.publicity, self.recording, self.review)

    @property
    def ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks)

    @property
    def summary(self) -> str:
        failed = [c.system for c in self.checks if c.status == "fail"]
        return f"未落实：{'、'.join(failed)}" if failed else "未发现问题"


def case_verdict(case: EnforcementCase, deadline: Deadline | None, review: LegalityReview | None,
                 today: date) -> CaseVerdict:
    return CaseVerdict(_publicity_check(case, deadline, today), _recording_check(case), _review_check(case, review))


def _publicity_check(case: EnforcementCase, deadline: Deadline | None, today: date) -> SystemCheck:
    name = "执法公示"
    if case.publicity_exempt_reason:
        return SystemCheck(name, "na", f"不予公示：{case.publicity_exempt_reason}")
    if deadline is None:
        return SystemCheck(name, "pending", "尚未作出决定")
    due = deadline.due.isoformat() + ("（估算）" if deadline.estimated else "")
    if case.published_on is not None:
        if case.published_on <= deadline.due:
            return SystemCheck(name, "ok", f"已于 {case.published_on.isoformat()} 公示（时限 {due}）")
        return SystemCheck(name, "fail", f"逾期公示：{case.published_on.isoformat()} 公示，时限为 {due}")
    if today > deadline.due:
        return SystemCheck(name, "fail", f"逾期未公示：时限 {due}，已超 {(today - deadline.due).days} 天")
    return SystemCheck(name, "pending", f"待公示：时限 {due}")


def _recording_check(case: EnforcementCase) -> SystemCheck:
    name = "全过程记录"
    missing = [] if case.text_record_complete else ["文字记录不完整"]
    if case.requires_av and not case.av_record_complete:
        missing.append(f"{case.av_measure}须全程音像记录，音像记录不完整")
    if missing:
        status = "fail" if case.decision_on is not None else "pending"
        return SystemCheck(name, status, "；".join(missing))
    return SystemCheck(name, "ok", "文字、音像记录完整" if case.requires_av else "文字记录完整")


def _review_check(case: EnforcementCase, review: LegalityReview | None) -> SystemCheck:
    name = "法制审核"
    decided = case.decision_on is not None
    if not case.is_major:
        return SystemCheck(name, "na", "非重大执法决定，无须法制审核")
    if review is not None and review.category != "重大执法决定":
        return SystemCheck(name, "fail" if decided else "pending",
                           f"关联的审查记录类别为“{review.category}”，不是重大执法决定法制审核")
    if review is None:
        if decided:
            return SystemCheck(name, "fail", "重大执法决定未经法制审核（未关联合法性审查记录）")
        return SystemCheck(name, "pending", "待法制审核（尚未关联合法性审查记录）")
    if review.opinion_on is None:
        return SystemCheck(name, "fail" if decided else "pending",
                           "法制审核尚未出具意见即作出决定" if decided else "法制审核中")
    if review.opinion in ("不同意", "暂不同意（退回补充材料）"):
        return SystemCheck(name, "fail" if decided else "pending", f"法制审核意见为“{review.opinion}”，不得作出决定")
    if decided and review.opinion_on > case.decision_on:
        return SystemCheck(name, "fail", f"法制审核意见日期 {review.opinion_on.isoformat()} "
                                         f"晚于决定日期 {case.decision_on.isoformat()}")
    return SystemCheck(name, "ok", f"已于 {review.opinion_on.isoformat()} 经法制审核（{review.opinion}）")
