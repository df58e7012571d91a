"""The registers (专项台账): legality reviews, enforcement cases, legal advisers and their services, study and
training, enforcement officers — their vocabularies, fields, validation, deadlines and verdicts.

Each register entry is a frozen dataclass whose editable fields carry their Chinese label and kind in the
field metadata; validation, storage and exports read that one description.
"""

from dataclasses import dataclass, field, fields
from datetime import date, datetime

from desktop.domain.errors import ValidationError
from desktop.domain.text import clean_text
from desktop.domain.workdays import Deadline, UserCalendar, add_workdays

LINE_MAX = 200
TEXT_MAX = 20000

REVIEW = "legality_review"
CASE = "enforcement_case"
ADVISER = "adviser"
SERVICE = "adviser_service"
TRAINING = "training"
OFFICER = "enforcement_officer"
ENTITIES = (REVIEW, CASE, ADVISER, SERVICE, TRAINING, OFFICER)
REGISTER_LABELS = {REVIEW: "合法性审查登记", CASE: "行政执法案件", ADVISER: "法律顾问", SERVICE: "法律顾问服务",
                   TRAINING: "学法培训", OFFICER: "执法人员"}
# the evidence kind offered when a file is added to an entry
EVIDENCE_KIND = {REVIEW: "审查意见书", CASE: "案卷", ADVISER: "合同/聘书", SERVICE: "工作台账",
                 TRAINING: "培训签到表", OFFICER: "工作台账"}

REVIEW_CATEGORIES = ("行政规范性文件", "重大行政决策", "重大执法决定", "行政协议/合同", "其他涉法事项")
OPINIONS = ("同意", "修改后同意", "不同意")
# Working days allowed for a review; settings override them (provinces differ). Sources in docs/registers.md.
DEFAULT_REVIEW_DAYS = {"行政规范性文件": 15, "重大行政决策": 7, "重大执法决定": 5, "行政协议/合同": 5,
                       "其他涉法事项": 5}
DECISION_PROCEDURES = (("proc_public_participation", "公众参与"), ("proc_expert_argument", "专家论证"),
                       ("proc_risk_assessment", "风险评估"), ("proc_legality_review", "合法性审查"),
                       ("proc_collective_decision", "集体讨论决定"))

ENFORCEMENT_KINDS = ("许可", "处罚", "强制", "检查", "征收征用", "其他")
# 国办发〔2018〕118号: 20 working days, licensing and penalty decisions 7.
DEFAULT_PUBLICITY_DAYS = {"许可": 7, "处罚": 7, "强制": 20, "检查": 20, "征收征用": 20, "其他": 20}
AV_MEASURES = ("查封扣押", "强制拆除", "其他直接涉及人身自由、生命健康、重大财产权益的现场执法")

ADVISER_TYPES = ("政府法律顾问", "村(居)法律顾问")
SERVICE_KINDS = ("法律咨询", "审核合同", "审查文件/决策", "代拟文书", "参与调解/信访", "代理诉讼/复议", "法治讲座",
                 "列席会议")
SERVED_PARTIES = ("政府", "村(居)", "群众")
SERVICE_UNITS = ("人次", "件", "场", "次")
DEFAULT_SERVICE_UNIT = {"法律咨询": "人次", "法治讲座": "场", "列席会议": "次"}  # others: 件

TRAINING_KINDS = ("党委中心组学法", "政府常务会议学法", "法治专题讲座", "执法人员培训")
# yearly targets (settings): sessions per kind by indicator key, and hours per enforcement officer
TRAINING_KIND_OF_KEY = {"law_lectures": "法治专题讲座", "central_group_study": "党委中心组学法",
                        "exec_meeting_study": "政府常务会议学法"}
DEFAULT_TARGETS = {"law_lectures": 2, "central_group_study": 2, "exec_meeting_study": 2, "officer_hours": 60}

# Which checklist items (codes of the built-in template) an entry proves unless the officer changes its
# links. (entity, field, value, codes): value None = every entry, True = the field is filled, else equal.
DEFAULT_ITEM_LINKS = (
    (REVIEW, None, None, ("3.7.8",)),
    (REVIEW, "category", "行政规范性文件", ("3.3", "3.7.4")),
    (REVIEW, "category", "重大行政决策", ("3.7.5", "4.1", "4.3")),
    (REVIEW, "category", "重大执法决定", ("3.7.7", "5.6.10")),
    (REVIEW, "category", "行政协议/合同", ("3.7.6",)),
    (REVIEW, "category", "其他涉法事项", ("3.7",)),
    (CASE, None, None, ("5.6.5",)),
    (CASE, "published_on", True, ("5.6.3",)),
    (CASE, "av_measure", True, ("5.6.6",)),
    (CASE, "is_major", True, ("5.6.10",)),
    (ADVISER, "adviser_type", "政府法律顾问", ("10.14.1",)),
    (ADVISER, "adviser_type", "村(居)法律顾问", ("10.14.4",)),
    (SERVICE, None, None, ("10.14.5",)),
    (SERVICE, "kind", "审核合同", ("10.14.3",)),
    (SERVICE, "kind", "审查文件/决策", ("10.14.2",)),
    (TRAINING, "kind", "党委中心组学法", ("10.10",)),
    (TRAINING, "kind", "政府常务会议学法", ("10.10",)),
    (TRAINING, "kind", "法治专题讲座", ("10.9",)),
    (TRAINING, "kind", "执法人员培训", ("10.13",)),
    (OFFICER, None, None, ("5.7",)),
)


def _f(label: str, kind: str = "line", *, required: bool = False, choices: tuple = (), default=None,
       low: float | None = None, high: float | None = None, not_future: bool = False):
    if default is None and kind in ("line", "text", "choice"):
        default = ""
    if default is None and kind == "bool":
        default = False
    return field(default=default, metadata={"label": label, "kind": kind, "required": required,
                                             "choices": choices, "low": low, "high": high,
                                             "not_future": not_future})


@dataclass(frozen=True)
class LegalityReview:
    id: int | None = None
    ledger_id: int = 0
    category: str = _f("审查类别", "choice", required=True, choices=REVIEW_CATEGORIES)
    title: str = _f("审查事项", required=True)
    submitted_by: str = _f("送审科室")
    received_on: date | None = _f("收件日期", "date", required=True, not_future=True)
    time_limit_days: int | None = _f("审查时限（工作日）", "int", required=True, low=1, high=60)
    extension_days: int = _f("延长（工作日）", "int", default=0, low=0, high=30)
    extension_approved_by: str = _f("延长批准人")
    reviewer: str = _f("审查人员")
    adviser_consulted: bool = _f("听取法律顾问意见", "bool")
    opinion: str = _f("审查意见", "choice", choices=OPINIONS)
    opinion_reasons: str = _f("意见理由", "text")
    opinion_on: date | None = _f("出具意见日期", "date", not_future=True)
    adopted: bool = _f("意见是否采纳", "bool")
    archive_no: str = _f("归档号")
    proc_public_participation: bool = _f("公众参与", "bool")
    proc_expert_argument: bool = _f("专家论证", "bool")
    proc_risk_assessment: bool = _f("风险评估", "bool")
    proc_legality_review: bool = _f("合法性审查", "bool")
    proc_collective_decision: bool = _f("集体讨论决定", "bool")
    note: str = _f("备注", "text")
    item_ids: tuple[int, ...] = ()

    @property
    def display_date(self) -> date | None:
        return self.received_on

    @property
    def display_title(self) -> str:
        return self.title


@dataclass(frozen=True)
class EnforcementCase:
    id: int | None = None
    ledger_id: int = 0
    case_no: str = _f("案件编号", required=True)
    kind: str = _f("执法类别", "choice", required=True, choices=ENFORCEMENT_KINDS)
    title: str = _f("案由", required=True)
    party: str = _f("当事人")
    decision_on: date | None = _f("决定日期", "date", not_future=True)
    is_major: bool = _f("重大执法决定", "bool")
    legality_review_id: int | None = _f("法制审核记录", "ref")
    publicity_days: int | None = _f("公示时限（工作日）", "int", required=True, low=1, high=60)
    published_on: date | None = _f("公示日期", "date", not_future=True)
    publication_place: str = _f("公示载体")
    publicity_exempt_reason: str = _f("不予公示理由", "text")
    text_record_complete: bool = _f("文字记录完整", "bool")
    av_measure: str = _f("须全程音像记录的措施", "choice", choices=AV_MEASURES)
    av_record_complete: bool = _f("音像记录完整", "bool")
    note: str = _f("备注", "text")
    item_ids: tuple[int, ...] = ()

    @property
    def requires_av(self) -> bool:
        return bool(self.av_measure)

    @property
    def display_date(self) -> date | None:
        return self.decision_on

    @property
    def display_title(self) -> str:
        return f"{self.case_no} {self.title}"


@dataclass(frozen=True)
class Adviser:
    id: int | None = None
    ledger_id: int = 0
    name: str = _f("姓名", required=True)
    firm: str = _f("所在律所/单位")
    adviser_type: str = _f("顾问类型", "choice", required=True, choices=ADVISER_TYPES)
    contract_start: date | None = _f("聘期开始", "date")
    contract_end: date | None = _f("聘期结束", "date")
    scope: str = _f("服务范围", "text")
    contact: str = _f("联系方式")
    note: str = _f("备注", "text")
    item_ids: tuple[int, ...] = ()

    @property
    def display_date(self) -> date | None:
        return self.contract_start

    @property
    def display_title(self) -> str:
        return f"{self.name}（{self.firm}）" if self.firm else self.name


@dataclass(frozen=True)
class AdviserService:
    id: int | None = None
    ledger_id: int = 0
    served_on: date | None = _f("服务日期", "date", required=True, not_future=True)
    adviser_id: int | None = _f("法律顾问", "ref", required=True)
    kind: str = _f("服务类型", "choice", required=True, choices=SERVICE_KINDS)
    served_party: str = _f("服务对象", "choice", required=True, choices=SERVED_PARTIES)
    subject: str = _f("服务事项")
    quantity: int = _f("数量", "int", default=1, low=1, high=100000)
    unit: str = _f("计量单位", "choice", required=True, choices=SERVICE_UNITS)
    adopted: bool = _f("意见是否采纳", "bool")
    note: str = _f("备注", "text")
    item_ids: tuple[int, ...] = ()

    @property
    def display_date(self) -> date | None:
        return self.served_on

    @property
    def display_title(self) -> str:
        return f"{self.kind}：{self.subject}" if self.subject else self.kind


@dataclass(frozen=True)
class Attendance:
    officer_id: int
    hours: float


@dataclass(frozen=True)
class Training:
    id: int | None = None
    ledger_id: int = 0
    kind: str = _f("学法形式", "choice", required=True, choices=TRAINING_KINDS)
    held_on: date | None = _f("日期", "date", required=True, not_future=True)
    topic: str = _f("主题", required=True)
    speaker: str = _f("授课人")
    participants: str = _f("参加人员", "text")
    hours: float = _f("学时", "float", default=0.0, low=0, high=200)
    note: str = _f("备注", "text")
    item_ids: tuple[int, ...] = ()
    attendance: tuple[Attendance, ...] = ()

    @property
    def display_date(self) -> date | None:
        return self.held_on

    @property
    def display_title(self) -> str:
        return self.topic


@dataclass(frozen=True)
class EnforcementOfficer:
    id: int | None = None
    ledger_id: int = 0
    name: str = _f("姓名", required=True)
    certificate_no: str = _f("执法证号")
    department: str = _f("所在科室")
    active: bool = _f("在岗", "bool", default=True)
    note: str = _f("备注", "text")
    item_ids: tuple[int, ...] = ()

    @property
    def display_date(self) -> date | None:
        return None

    @property
    def display_title(self) -> str:
        return self.name


ENTRY_CLASSES = {REVIEW: LegalityReview, CASE: EnforcementCase, ADVISER: Adviser, SERVICE: AdviserService,
                 TRAINING: Training, OFFICER: EnforcementOfficer}


def column_fields(entity: str) -> list:
    """The editable, stored fields of an entity, in display order (dataclasses.Field objects)."""
    return [f for f in fields(ENTRY_CLASSES[entity]) if "label" in f.metadata]


def field_label(entity: str, name: str) -> str:
    return next((f.metadata["label"] for f in column_fields(entity) if f.name == name), name)


# --- validation ---------------------------------------------------------------------------------------

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
    if v["opinion"] in ("修改后同意", "不同意") and not v["opinion_reasons"]:
        raise ValidationError("opinion_reasons", f"审查意见为“{v['opinion']}”时，请填写意见理由。")
    if v["adopted"] and not v["opinion"]:
        raise ValidationError("adopted", "尚未出具审查意见，不能标记为已采纳。")


def _check_case(v: dict) -> None:
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


_CHECKS = {REVIEW: _check_review, CASE: _check_case, ADVISER: _check_adviser,
           SERVICE: lambda v: None, TRAINING: lambda v: None, OFFICER: lambda v: None}


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


# --- warnings, deadlines and verdicts -------------------------------------------------------------------

def review_warnings(review: LegalityReview) -> list[str]:
    """What a 重大行政决策 lacks (a warning, not a refusal). An opinion on record is itself the 合法性审查."""
    if review.category != "重大行政决策":
        return []
    found = []
    if not (review.proc_legality_review or review.opinion):
        found.append("重大行政决策未经合法性审查：未经合法性审查或者经审查不合法的，不得提交集体讨论"
                     "（《重大行政决策程序暂行条例》第25条）。")
    if not review.proc_collective_decision:
        found.append("重大行政决策未经集体讨论决定：合法性审查和集体讨论决定程序不得省略"
                     "（《纲要》第（十一）部分；条例第30条）。")
    if not review.adviser_consulted:
        found.append("未听取法律顾问、公职律师意见（《重大行政决策程序暂行条例》第28条）。")
    return found


def review_deadline(review: LegalityReview, user: UserCalendar | None = None) -> Deadline:
    return add_workdays(review.received_on, review.time_limit_days, extension=review.extension_days, user=user)


def review_status(review: LegalityReview, deadline: Deadline, today: date) -> str:
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
    if review is None:
        if decided:
            return SystemCheck(name, "fail", "重大执法决定未经法制审核（未关联合法性审查记录）")
        return SystemCheck(name, "pending", "待法制审核（尚未关联合法性审查记录）")
    if review.opinion_on is None:
        return SystemCheck(name, "fail" if decided else "pending",
                           "法制审核尚未出具意见即作出决定" if decided else "法制审核中")
    if review.opinion == "不同意":
        return SystemCheck(name, "fail" if decided else "pending", "法制审核意见为“不同意”，不得作出决定")
    if decided and review.opinion_on > case.decision_on:
        return SystemCheck(name, "fail", f"法制审核意见日期 {review.opinion_on.isoformat()} "
                                         f"晚于决定日期 {case.decision_on.isoformat()}")
    return SystemCheck(name, "ok", f"已于 {review.opinion_on.isoformat()} 经法制审核（{review.opinion}）")


# --- default links ---------------------------------------------------------------------------------------

def default_item_codes(entity: str, values: dict) -> tuple[str, ...]:
    """Item codes an entry proves by default (DEFAULT_ITEM_LINKS), in table order, each once."""
    codes: list[str] = []
    for rule_entity, name, expected, rule_codes in DEFAULT_ITEM_LINKS:
        if rule_entity != entity:
            continue
        actual = values.get(name) if name else None
        if name is None or (expected is True and actual) or (expected is not True and actual == expected):
            codes.extend(c for c in rule_codes if c not in codes)
    return tuple(codes)
