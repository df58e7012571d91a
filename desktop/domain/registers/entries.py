"""The six registers' vocabularies and entry classes: each editable field carries its Chinese label and
kind in the field metadata, which validation, storage and exports all read."""

import re
from dataclasses import dataclass, field, fields
from datetime import date

from desktop.domain import columns
from desktop.domain.columns import register_label

LINE_MAX = 200
TEXT_MAX = 20000

REVIEW = "legality_review"
CASE = "enforcement_case"
ADVISER = "adviser"
SERVICE = "adviser_service"
TRAINING = "training"
OFFICER = "enforcement_officer"
MATTER = "matter"  # its class lives in registers/matters.py
PUBLICITY = "law_publicity"  # registers/publicity.py
ENTITIES = (REVIEW, CASE, ADVISER, SERVICE, TRAINING, OFFICER, MATTER, PUBLICITY)
REGISTER_LABELS = {REVIEW: "合法性审查登记", CASE: "行政执法案件", ADVISER: "法律顾问", SERVICE: "法律顾问服务",
                   TRAINING: "学法培训", OFFICER: "执法人员", MATTER: "案件/事项",
                   PUBLICITY: "普法活动"}
# the evidence kind offered when a file is added to an entry
EVIDENCE_KIND = {REVIEW: "审查意见书", CASE: "案卷", ADVISER: "合同/聘书", SERVICE: "工作台账",
                 TRAINING: "培训签到表", OFFICER: "工作台账", MATTER: "案卷",
                 PUBLICITY: "照片音像"}

REVIEW_CATEGORIES = ("行政规范性文件", "重大行政决策", "重大执法决定", "行政协议/合同", "其他涉法事项")
OPINIONS = ("同意", "修改后同意", "暂不同意（退回补充材料）", "不同意")
# 是否采纳: a tri-state; an opinion whose fate nobody wrote down is 未记录, not 未采纳
ADOPTIONS = ("未记录", "已采纳", "部分采纳", "未采纳")
ADOPTED = ("已采纳", "部分采纳")
# Working days allowed for a review; settings override them (provinces differ). Sources in docs/registers.md.
DEFAULT_REVIEW_DAYS = {"行政规范性文件": 15, "重大行政决策": 7, "重大执法决定": 5, "行政协议/合同": 5,
                       "其他涉法事项": 5}
DECISION_PROCEDURES = (("proc_public_participation", "公众参与"), ("proc_expert_argument", "专家论证"),
                       ("proc_risk_assessment", "风险评估"), ("proc_legality_review", "合法性审查"),
                       ("proc_collective_decision", "集体讨论决定"))

ENFORCEMENT_KINDS = ("许可", "处罚", "强制", "检查", "征收征用", "其他")
# 国办发〔2018〕118号: 20 working days, licensing and penalty decisions 7.
DEFAULT_PUBLICITY_DAYS = {"许可": 7, "处罚": 7, "强制": 20, "检查": 20, "征收征用": 20, "其他": 20}
AV_MEASURES = ("查封扣押", "强制拆除", "其他直接涉及人身自由、生命健康、重大财产权益的现场执法",
               "在执法办案场所办案")  # 118号（八）: 执法办案场所 also need full A/V
REVISIONS = ("撤销", "变更", "确认违法", "确认无效")  # 行政处罚法 Art.48 ¶2
TRANSFERS = ("移送司法机关", "移送其他行政机关")  # 行政处罚法 Art.27, Art.82

ADVISER_TYPES = ("政府法律顾问", "村(居)法律顾问")
SERVICE_KINDS = ("法律咨询", "审核合同", "审查文件/决策", "代拟文书", "参与调解/信访", "代理诉讼/复议", "法治讲座",
                 "列席会议", "法律援助", "值班/驻窗/驻村", "村规民约审核")
SERVED_PARTIES = ("政府", "村(居)", "群众", "企业")
SERVICE_UNITS = ("人次", "件", "场", "次")
DEFAULT_SERVICE_UNIT = {"法律咨询": "人次", "法治讲座": "场", "列席会议": "次", "值班/驻窗/驻村": "次"}  # others: 件

# 会前学法: a township has no 政府常务会议 (地方组织法 Art.77-78); 镇长办公会 or 党政联席会议 study before meeting
TRAINING_KINDS = ("党委中心组学法", "会前学法", "法治专题讲座", "执法人员培训")
# 纲要（34）: the 60 hours are business and legal training, political study not included
OFFICER_TRAINING_KIND = "执法人员培训"
POLITICAL_STUDY_KIND = "党委中心组学法"
# the date that puts an entry in a year (an undated entry, such as a case not yet decided, counts)
YEAR_DATE = {"legality_review": "received_on", "enforcement_case": "decision_on", "adviser_service": "served_on",
             "training": "held_on", "matter": "received_on", "law_publicity": "held_on"}
CERTIFICATE_NOTICE_DAYS = 60
# yearly targets (settings): sessions per kind by indicator key, and hours per enforcement officer
TRAINING_KIND_OF_KEY = {"law_lectures": "法治专题讲座", "central_group_study": "党委中心组学法",
                        "exec_meeting_study": "会前学法"}
# 会前学法 is counted with no target: 督察规定 Art.8(七) asks for 定期学法, the "2" belongs to the lectures
DEFAULT_TARGETS = {"law_lectures": 2, "central_group_study": 2, "officer_hours": 60}


def _f(entity: str, name: str, kind: str = "line", *, required: bool = False, choices: tuple = (), default=None,
       low: float | None = None, high: float | None = None, not_future: bool = False):
    """A stored, editable field; its label comes from the one column schema (desktop.domain.columns)."""
    label = register_label(entity, name)
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
    category: str = _f(REVIEW, "category", "choice", required=True, choices=REVIEW_CATEGORIES)
    title: str = _f(REVIEW, "title", required=True)
    submitted_by: str = _f(REVIEW, "submitted_by")
    received_on: date | None = _f(REVIEW, "received_on", "date", required=True, not_future=True)
    time_limit_days: int | None = _f(REVIEW, "time_limit_days", "int", required=True, low=1, high=60)
    extension_days: int = _f(REVIEW, "extension_days", "int", default=0, low=0, high=30)
    extension_approved_by: str = _f(REVIEW, "extension_approved_by")
    reviewer: str = _f(REVIEW, "reviewer")
    reviewer_qualified: bool = _f(REVIEW, "reviewer_qualified", "bool")
    adviser_consulted: bool = _f(REVIEW, "adviser_consulted", "bool")
    opinion: str = _f(REVIEW, "opinion", "choice", choices=OPINIONS)
    opinion_reasons: str = _f(REVIEW, "opinion_reasons", "text")
    opinion_on: date | None = _f(REVIEW, "opinion_on", "date", not_future=True)
    adoption: str = _f(REVIEW, "adoption", "choice", required=True, choices=ADOPTIONS, default="未记录")
    discussed_on: date | None = _f(REVIEW, "discussed_on", "date", not_future=True)
    archive_no: str = _f(REVIEW, "archive_no")
    proc_public_participation: bool = _f(REVIEW, "proc_public_participation", "bool")
    proc_expert_argument: bool = _f(REVIEW, "proc_expert_argument", "bool")
    proc_risk_assessment: bool = _f(REVIEW, "proc_risk_assessment", "bool")
    proc_legality_review: bool = _f(REVIEW, "proc_legality_review", "bool")
    proc_collective_decision: bool = _f(REVIEW, "proc_collective_decision", "bool")
    note: str = _f(REVIEW, "note", "text")
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
    case_no: str = _f(CASE, "case_no", required=True)
    kind: str = _f(CASE, "kind", "choice", required=True, choices=ENFORCEMENT_KINDS)
    title: str = _f(CASE, "title", required=True)
    party: str = _f(CASE, "party")
    filed_on: date | None = _f(CASE, "filed_on", "date", not_future=True)
    case_officers: str = _f(CASE, "case_officers")
    decision_on: date | None = _f(CASE, "decision_on", "date", not_future=True)
    no_penalty: bool = _f(CASE, "no_penalty", "bool")
    fine_amount: float | None = _f(CASE, "fine_amount", "float", low=0, high=1e10)
    transferred_to: str = _f(CASE, "transferred_to", "choice", choices=TRANSFERS)
    is_major: bool = _f(CASE, "is_major", "bool")
    legality_review_id: int | None = _f(CASE, "legality_review_id", "ref")
    publicity_days: int | None = _f(CASE, "publicity_days", "int", required=True, low=1, high=60)
    published_on: date | None = _f(CASE, "published_on", "date", not_future=True)
    publication_place: str = _f(CASE, "publication_place")
    publicity_exempt_reason: str = _f(CASE, "publicity_exempt_reason", "text")
    text_record_complete: bool = _f(CASE, "text_record_complete", "bool")
    av_measure: str = _f(CASE, "av_measure", "choice", choices=AV_MEASURES)
    av_record_complete: bool = _f(CASE, "av_record_complete", "bool")
    revision: str = _f(CASE, "revision", "choice", choices=REVISIONS)
    revised_on: date | None = _f(CASE, "revised_on", "date", not_future=True)
    withdrawn_on: date | None = _f(CASE, "withdrawn_on", "date", not_future=True)
    note: str = _f(CASE, "note", "text")
    item_ids: tuple[int, ...] = ()

    @property
    def officer_names(self) -> list[str]:
        return [n for n in re.split(r"[、,，;；\s]+", self.case_officers) if n]

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
    name: str = _f(ADVISER, "name", required=True)
    firm: str = _f(ADVISER, "firm")
    adviser_type: str = _f(ADVISER, "adviser_type", "choice", required=True, choices=ADVISER_TYPES)
    contract_start: date | None = _f(ADVISER, "contract_start", "date")
    contract_end: date | None = _f(ADVISER, "contract_end", "date")
    scope: str = _f(ADVISER, "scope", "text")
    contact: str = _f(ADVISER, "contact")
    note: str = _f(ADVISER, "note", "text")
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
    served_on: date | None = _f(SERVICE, "served_on", "date", required=True, not_future=True)
    adviser_id: int | None = _f(SERVICE, "adviser_id", "ref", required=True)
    kind: str = _f(SERVICE, "kind", "choice", required=True, choices=SERVICE_KINDS)
    served_party: str = _f(SERVICE, "served_party", "choice", required=True, choices=SERVED_PARTIES)
    subject: str = _f(SERVICE, "subject")
    quantity: int = _f(SERVICE, "quantity", "int", default=1, low=1, high=100000)
    unit: str = _f(SERVICE, "unit", "choice", required=True, choices=SERVICE_UNITS)
    adoption: str = _f(SERVICE, "adoption", "choice", required=True, choices=ADOPTIONS, default="未记录")
    note: str = _f(SERVICE, "note", "text")
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
    kind: str = _f(TRAINING, "kind", "choice", required=True, choices=TRAINING_KINDS)
    held_on: date | None = _f(TRAINING, "held_on", "date", required=True, not_future=True)
    topic: str = _f(TRAINING, "topic", required=True)
    speaker: str = _f(TRAINING, "speaker")
    participants: str = _f(TRAINING, "participants", "text")
    hours: float = _f(TRAINING, "hours", "float", default=0.0, low=0, high=200)
    officer_training: bool = _f(TRAINING, "officer_training", "bool")
    note: str = _f(TRAINING, "note", "text")
    item_ids: tuple[int, ...] = ()
    attendance: tuple[Attendance, ...] = ()

    @property
    def display_date(self) -> date | None:
        return self.held_on

    @property
    def counts_for_officer_hours(self) -> bool:
        """纲要（34）: 执法人员培训, or another session its form says also was business/legal training."""
        return self.kind == OFFICER_TRAINING_KIND or self.officer_training

    @property
    def display_title(self) -> str:
        return self.topic


@dataclass(frozen=True)
class EnforcementOfficer:
    id: int | None = None
    ledger_id: int = 0
    name: str = _f(OFFICER, "name", required=True)
    certificate_no: str = _f(OFFICER, "certificate_no")
    department: str = _f(OFFICER, "department")
    certificate_expires: date | None = _f(OFFICER, "certificate_expires", "date")
    legal_reviewer: bool = _f(OFFICER, "legal_reviewer", "bool")
    legal_qualification: bool = _f(OFFICER, "legal_qualification", "bool")
    active: bool = _f(OFFICER, "active", "bool", default=True)
    note: str = _f(OFFICER, "note", "text")
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
    return columns.label(entity, name)
