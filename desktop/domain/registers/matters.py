"""案件/事项: one register for the matters a township answers within a statutory period — 行政复议 (as
respondent), 行政应诉, 信访 (转送/交办 items) and 依申请公开 — with each kind's deadline and outcome."""

from dataclasses import dataclass
from datetime import date

from desktop.domain.registers.entries import ENTRY_CLASSES, MATTER, _f
from desktop.domain.workdays import Deadline, UserCalendar, add_calendar_days, add_workdays

RECONSIDERATION, LITIGATION, PETITION, DISCLOSURE = "行政复议", "行政应诉", "信访", "依申请公开"
MATTER_KINDS = (RECONSIDERATION, LITIGATION, PETITION, DISCLOSURE)
# 信访工作条例: Art.23 ¶3 for items 转送/交办 to the township; Art.34 only for matters handled under Art.31(6)
PETITION_TRACKS = ("转送交办（第23条）", "按第31条第（六）项办理（第34条）")
OUTCOMES = ("维持", "驳回", "撤销", "变更", "确认违法", "责令履行", "调解/和解", "撤回申请/起诉", "予以公开",
            "部分公开", "不予公开", "办结", "其他")


@dataclass(frozen=True)
class Matter:
    id: int | None = None
    ledger_id: int = 0
    kind: str = _f(MATTER, "kind", "choice", required=True, choices=MATTER_KINDS)
    title: str = _f(MATTER, "title", required=True)
    party: str = _f(MATTER, "party")
    received_on: date | None = _f(MATTER, "received_on", "date", required=True, not_future=True)
    petition_track: str = _f(MATTER, "petition_track", "choice", choices=PETITION_TRACKS)
    extended: bool = _f(MATTER, "extended", "bool")
    answered_on: date | None = _f(MATTER, "answered_on", "date", not_future=True)
    concluded_on: date | None = _f(MATTER, "concluded_on", "date", not_future=True)
    outcome: str = _f(MATTER, "outcome", "choice", choices=OUTCOMES)
    head_appeared: bool = _f(MATTER, "head_appeared", "bool")
    note: str = _f(MATTER, "note", "text")
    item_ids: tuple[int, ...] = ()

    @property
    def display_date(self) -> date | None:
        return self.received_on

    @property
    def display_title(self) -> str:
        return f"{self.kind}：{self.title}"

    @property
    def handled_under_art31_6(self) -> bool:
        return self.kind == PETITION and self.petition_track == PETITION_TRACKS[1]


ENTRY_CLASSES[MATTER] = Matter


def matter_deadline(matter: Matter, user: UserCalendar | None = None) -> tuple[str, Deadline, date | None] | None:
    """(what is due, its deadline, the date that met it or None) of a matter; None without a received date."""
    start = matter.received_on
    if start is None:
        return None
    if matter.kind == RECONSIDERATION:  # 行政复议法 (2023) Art.48; "十日" working days by Art.88 ¶2
        return "提出书面答复并提交证据", add_workdays(start, 10, user=user), matter.answered_on
    if matter.kind == LITIGATION:  # 行政诉讼法 Art.67 (a last day on a rest day rolls over)
        return "提交答辩状和证据", add_calendar_days(start, 15, roll_over=True, user=user), matter.answered_on
    if matter.kind == DISCLOSURE:  # 政府信息公开条例 Art.33: 20 working days, +20 with approval
        return "答复申请人", add_workdays(start, 20, extension=20 if matter.extended else 0, user=user), \
            matter.answered_on
    if matter.handled_under_art31_6:  # 信访工作条例 Art.34: 60 days, extendable by up to 30
        return "办结", add_calendar_days(start, 90 if matter.extended else 60), matter.concluded_on
    return "书面告知信访人", add_calendar_days(start, 15), matter.answered_on  # Art.23 ¶3


def matter_basis(matter: Matter) -> str:
    if matter.kind == RECONSIDERATION:
        return "《行政复议法》第48条、第88条第2款"
    if matter.kind == LITIGATION:
        return "《行政诉讼法》第67条"
    if matter.kind == DISCLOSURE:
        return "《政府信息公开条例》第33条"
    return "《信访工作条例》第34条" if matter.handled_under_art31_6 else "《信访工作条例》第23条第3款"


def matter_state(matter: Matter, today: date, user: UserCalendar | None = None) -> str:
    """按期办理 / 逾期办理 / 办理中 / 已逾期 — for the page, the sheet and the 按期率."""
    found = matter_deadline(matter, user)
    if found is None:
        return ""
    _what, deadline, met_on = found
    if met_on is not None:
        return "按期办理" if met_on <= deadline.due else "逾期办理"
    return "已逾期" if today > deadline.due else "办理中"


def due_so_far(matter: Matter, today: date, user: UserCalendar | None = None) -> bool:
    """Handled, or past its deadline: what a 办理率 or 按期率 is taken over (a matter received last week and
    not yet due is no 0 %)."""
    return matter_state(matter, today, user) in ("按期办理", "逾期办理", "已逾期")


def on_time(matter: Matter, user: UserCalendar | None = None) -> bool:
    return matter_state(matter, date.max, user) == "按期办理"


def done(matter: Matter) -> bool:
    """Handled: answered (or, for an Art.31(6) petition, concluded)."""
    found = matter_deadline(matter)
    return found is not None and found[2] is not None
