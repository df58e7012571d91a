"""Every entity's fields described once: key, Chinese label, kind, choices, and how a value goes into a
spreadsheet cell and comes back out of one. Pages, dialogs, history labels, the workbook and the import to
come all read these; the register dataclasses take their labels from here (registers/entries.py).

Register fields keep their validation metadata (required, limits) on the dataclass; their Column objects are
built from it on first use, so this module imports nothing of the registers at load time.
"""

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from desktop.domain.enums import EVIDENCE_KINDS, PROGRESS, RESULTS

TEXT, MULTILINE, DATE, BOOL, INT, NUMBER, CHOICE, LINK = (
    "text", "multi-line", "date", "bool", "int", "number", "choice", "link")
KINDS = (TEXT, MULTILINE, DATE, BOOL, INT, NUMBER, CHOICE, LINK)
# the kinds the register dataclasses declare (their dialogs and validation speak these)
_FROM_FIELD_KIND = {"line": TEXT, "text": MULTILINE, "float": NUMBER, "ref": LINK,
                    "date": DATE, "bool": BOOL, "int": INT, "choice": CHOICE}
YES, NO = "是", "否"
_TRUE = {YES, "√", "✓", "true", "1", "y", "yes"}
_FALSE = {NO, "×", "✗", "false", "0", "n", "no"}
EXCEL_EPOCH = date(1899, 12, 30)
FIRST_DATE = date(1900, 1, 1)  # Excel's first day: an earlier date (a serial ≤ 1, a negative one) is a mistake
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class CellError(ValueError):
    """A cell value that does not fit its column; the message is Chinese and names the column."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    choices: tuple[str, ...] = ()
    width: float = 12  # spreadsheet width units (a Chinese character is two)
    editable: bool = True  # False: computed, shown in a workbook and never read back
    required: bool = False

    @property
    def wraps(self) -> bool:
        return self.kind == MULTILINE or self.width >= 20

    def to_cell(self, value):
        """A Python value as the cell holds it: dates as dates, booleans 是/否, numbers as numbers, None empty."""
        if value is None or value == "":
            return None
        if self.kind == BOOL:
            return YES if value else NO
        if self.kind == DATE:
            return value.date() if isinstance(value, datetime) else value
        if self.kind in (INT, NUMBER):
            return int(value) if float(value).is_integer() else float(value)
        return str(value)

    def display(self, value) -> str:
        """The value as text (a page's cell): the cell's value, dates in ISO form."""
        cell = self.to_cell(value)
        if cell is None:
            return ""
        if isinstance(cell, date):
            return cell.isoformat()
        return f"{cell:g}" if isinstance(cell, float) else str(cell)

    def from_cell(self, value):
        """What a cell (as openpyxl reads it, also from WPS) means for this field; CellError if it cannot."""
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            return {BOOL: False, TEXT: "", MULTILINE: "", CHOICE: ""}.get(self.kind)
        reader = _READERS[self.kind]
        try:
            return reader(self, value)
        except (TypeError, ValueError, OverflowError):
            expected = f"不在可选项中（{'、'.join(self.choices)}）。" if self.kind == CHOICE else _EXPECTED[self.kind]
            raise CellError(f"{self.label}：“{value}”{expected}") from None


def _read_date(column: Column, value) -> date:
    found = _as_date(value)
    if found < FIRST_DATE:
        raise ValueError(value)
    return found


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # a serial without a date format
        return EXCEL_EPOCH + timedelta(days=int(value))  # OverflowError beyond 9999-12-31
    found = _DATE_TEXT.match(str(value))
    if not found:
        raise ValueError(value)
    return date(*map(int, found.groups()))


def _read_bool(column: Column, value) -> bool:
    text = str(value).strip().lower()
    if isinstance(value, bool) or text in _TRUE | _FALSE:
        return bool(value) if isinstance(value, bool) else text in _TRUE
    raise ValueError(value)


def _read_int(column: Column, value) -> int:
    number = float(value)
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


def _read_number(column: Column, value) -> float:
    number = float(value)
    if isinstance(value, bool) or not math.isfinite(number):  # "nan" and "inf" are text to float() too
        raise ValueError(value)
    return number


def _read_text(column: Column, value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 123 typed into a text cell reads back as 123, not 123.0
    if isinstance(value, (datetime, date)):
        value = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    text = str(value)
    return text.strip() if column.kind == MULTILINE else " ".join(text.split())


def _read_choice(column: Column, value) -> str:
    text = _read_text(column, value)
    if text not in column.choices:
        raise ValueError(value)
    return text


_READERS = {DATE: _read_date, BOOL: _read_bool, INT: _read_int, NUMBER: _read_number, TEXT: _read_text,
            MULTILINE: _read_text, CHOICE: _read_choice, LINK: _read_text}
_EXPECTED = {DATE: "不是日期（如 2025-06-30）。", BOOL: "应填“是”或“否”。", INT: "应为整数。", NUMBER: "应为数字。",
             TEXT: "无法读取。", MULTILINE: "无法读取。", LINK: "无法读取。"}


# --- ledger items and evidence ---------------------------------------------------------------------------
LEDGER_ITEM, EVIDENCE = "ledger_item", "evidence"
# widths: the 任务清单 prints one page wide at a legible scale; long text wraps rather than widening
_LEDGER_ITEM = (
    Column("code", "编码", width=7, editable=False),
    Column("part", "部分", MULTILINE, width=10, editable=False),
    Column("title", "任务", MULTILINE, width=20, editable=False),
    Column("obligation", "要求", MULTILINE, width=28, editable=False),
    Column("department", "责任科室", width=9),
    Column("owner", "责任人", width=7),
    Column("due_date", "完成时限", DATE, width=10.5),
    Column("progress", "进度", CHOICE, PROGRESS, width=7, required=True),
    Column("result", "落实结果", CHOICE, RESULTS, width=8, required=True),
    Column("na_reason", "不适用理由", MULTILINE, width=12),
    Column("evidence_count", "佐证数", INT, width=5, editable=False),
    Column("last_evidence_on", "最近佐证日期", DATE, width=10.5, editable=False),
    Column("indicators", "指标完成值", MULTILINE, width=16, editable=False),
    Column("remark", "备注", MULTILINE, width=14),
)
_EVIDENCE = (
    Column("formed_on", "形成日期", DATE, width=11, required=True),
    Column("title", "标题", MULTILINE, width=40, required=True),
    Column("kind", "类别", CHOICE, EVIDENCE_KINDS, width=14, required=True),
    Column("description", "说明", MULTILINE, width=30),
    Column("item_ids", "关联条目", LINK, width=12),
    Column("attachment", "附件", TEXT, width=28, editable=False),
)

# --- the registers: label and width per field, in the dataclass's order (kinds and choices live there) -------
REGISTER_FIELDS = {
    "legality_review": {
        "category": ("审查类别", 8), "title": ("审查事项", 16), "submitted_by": ("送审科室", 8),
        "received_on": ("收件日期", 10.5), "time_limit_days": ("审查时限（工作日）", 7),
        "extension_days": ("延长（工作日）", 7), "extension_approved_by": ("延长批准人", 7),
        "reviewer": ("审查人员", 7),
        "reviewer_qualified": ("审核人员具有法律职业资格", 6), "adviser_consulted": ("听取法律顾问意见", 6), "opinion": ("审查意见", 7),
        "opinion_reasons": ("意见理由", 12), "opinion_on": ("出具意见日期", 10.5), "adoption": ("意见是否采纳", 7),
        "discussed_on": ("集体讨论日期", 10.5),
        "archive_no": ("归档号", 9), "proc_public_participation": ("公众参与", 5),
        "proc_expert_argument": ("专家论证", 5), "proc_risk_assessment": ("风险评估", 5),
        "proc_legality_review": ("合法性审查", 5), "proc_collective_decision": ("集体讨论决定", 5),
        "note": ("备注", 9)},
    "enforcement_case": {
        "case_no": ("案件编号", 12), "kind": ("执法类别", 6), "title": ("案由", 14), "party": ("当事人", 10),
        "filed_on": ("立案日期", 10.5), "case_officers": ("承办执法人员", 12), "decision_on": ("决定日期", 10.5),
        "no_penalty": ("不予处罚", 5), "fine_amount": ("罚没金额（元）", 9), "transferred_to": ("移送", 10), "is_major": ("重大执法决定", 5), "legality_review_id": ("法制审核记录", 12),
        "publicity_days": ("公示时限（工作日）", 6), "published_on": ("公示日期", 10.5),
        "publication_place": ("公示载体", 8), "publicity_exempt_reason": ("不予公示理由", 10),
        "text_record_complete": ("文字记录完整", 5), "av_measure": ("须全程音像记录的措施", 10),
        "av_record_complete": ("音像记录完整", 5), "revision": ("决定被撤销/变更", 7),
        "revised_on": ("撤销/变更日期", 10.5), "withdrawn_on": ("公示信息撤回日期", 10.5), "note": ("备注", 8)},
    "adviser": {
        "name": ("姓名", 9), "firm": ("所在律所/单位", 20), "adviser_type": ("顾问类型", 14),
        "contract_start": ("聘期开始", 10.5), "contract_end": ("聘期结束", 10.5), "scope": ("服务范围", 28),
        "contact": ("联系方式", 14), "note": ("备注", 18)},
    "adviser_service": {
        "served_on": ("服务日期", 10.5), "adviser_id": ("法律顾问", 10), "kind": ("服务类型", 13),
        "served_party": ("服务对象", 7), "subject": ("服务事项", 28), "quantity": ("数量", 6), "unit": ("计量单位", 6),
        "adoption": ("意见是否采纳", 7), "note": ("备注", 18)},
    "training": {
        "kind": ("学法形式", 15), "held_on": ("日期", 10.5), "topic": ("主题", 28), "speaker": ("授课人", 17),
        "participants": ("参加人员", 24), "hours": ("学时", 6),
        "officer_training": ("计入执法人员业务和法律培训学时", 8), "note": ("备注", 18)},
    "enforcement_officer": {
        "name": ("姓名", 9), "certificate_no": ("执法证号", 17), "department": ("所在科室", 13),
        "certificate_expires": ("证件有效期", 10.5), "legal_reviewer": ("法制审核人员", 5),
        "legal_qualification": ("具有法律职业资格", 5), "active": ("在岗", 5), "note": ("备注", 20)},
    "matter": {
        "kind": ("类别", 9), "title": ("事项/案由", 24), "party": ("申请人/当事人", 12), "received_on": ("收到日期", 10.5),
        "petition_track": ("信访办理方式", 14), "extended": ("经批准延长", 5), "answered_on": ("答复/答辩/告知日期", 10.5),
        "concluded_on": ("办结日期", 10.5), "outcome": ("结果", 9), "head_appeared": ("负责人出庭应诉", 5),
        "note": ("备注", 16)},
    "law_publicity": {
        "held_on": ("日期", 10.5), "kind": ("活动形式", 12), "title": ("活动名称", 24), "place": ("地点", 12),
        "organizer": ("组织单位", 12), "quantity": ("参加人次", 7), "note": ("备注", 16)},
}
REGISTER_ENTITIES = tuple(REGISTER_FIELDS)
# words the history shows for what is not a column (links, files)
_SHARED_LABELS = {"item_ids": "关联条目", "attachment": "附件", "attendance": "执法人员参训学时",
                  "na_reason": "不适用理由", "adopted": "意见是否采纳"}  # adopted: before 0005 (是/否)


def register_label(entity: str, key: str) -> str:
    """The label the register dataclass declares for a field (read once, when the class is made)."""
    return REGISTER_FIELDS[entity][key][0]


@cache
def columns(entity: str) -> tuple[Column, ...]:
    """Every column of an entity in display order (computed ones included, marked editable=False)."""
    if entity == LEDGER_ITEM:
        return _LEDGER_ITEM
    if entity == EVIDENCE:
        return _EVIDENCE
    from desktop.domain.registers.entries import column_fields  # the dataclasses import this module

    widths = REGISTER_FIELDS[entity]
    return tuple(Column(f.name, f.metadata["label"], _FROM_FIELD_KIND[f.metadata["kind"]],
                        tuple(f.metadata["choices"]), widths[f.name][1], required=f.metadata["required"])
                 for f in column_fields(entity))


@cache
def _by_key(entity: str) -> dict[str, Column]:
    return {c.key: c for c in columns(entity)}


def column(entity: str, key: str) -> Column:
    return _by_key(entity)[key]


def editable(entity: str) -> tuple[Column, ...]:
    return tuple(c for c in columns(entity) if c.editable)


def label(entity: str, field: str) -> str:
    """The Chinese word for a field of an entity, as the history and every output say it."""
    if field.startswith("indicator:"):
        return f"指标（{field.split(':', 1)[1]}）"
    found = _by_key(entity).get(field) if entity in (LEDGER_ITEM, EVIDENCE, *REGISTER_ENTITIES) else None
    return found.label if found else _SHARED_LABELS.get(field, field)
