"""The six registers' vocabularies and entry classes: each editable field carries its Chinese label and
kind in the field metadata, which validation, storage and exports all read."""

from dataclasses import dataclass, field, fields
from datetime import date

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
