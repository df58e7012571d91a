"""Validation of ledger item edits and evidence entries; messages in Chinese."""

from datetime import date

from desktop.domain.enums import EVIDENCE_KINDS, PROGRESS, RESULT_NOT_APPLICABLE, RESULTS
from desktop.domain.errors import ValidationError
from desktop.domain.text import clean_text

TITLE_MAX = 200
TEXT_MAX = 20000
NAME_MAX = 100  # 责任科室, 责任人

_ITEM_LABELS = {"department": "责任科室", "owner": "责任人", "na_reason": "不适用理由", "remark": "备注"}


def validate_item_fields(fields: dict) -> dict:
    """Return cleaned fields of a ledger item edit, or raise ValidationError."""
    out = dict(fields)
    if "progress" in out and out["progress"] not in PROGRESS:
        raise ValidationError("progress", f"进度只能是：{'、'.join(PROGRESS)}")
    if "result" in out and out["result"] not in RESULTS:
        raise ValidationError("result", f"落实结果只能是：{'、'.join(RESULTS)}")
    for key, single_line, limit in (("department", True, NAME_MAX), ("owner", True, NAME_MAX),
                                    ("na_reason", False, TEXT_MAX), ("remark", False, TEXT_MAX)):
        if key in out:
            out[key] = _within(key, clean_text(out[key], single_line=single_line), limit)
    if out.get("result") == RESULT_NOT_APPLICABLE and not out.get("na_reason"):
        raise ValidationError("na_reason", "落实结果为“不适用”时，必须填写不适用理由。")
    if "due_date" in out and out["due_date"] is not None and not isinstance(out["due_date"], date):
        raise ValidationError("due_date", "完成时限不是有效日期。")
    return out


def _within(key: str, text: str, limit: int) -> str:
    """Over-long text is refused, never cut: the officer shortens it and nothing typed is lost."""
    if len(text) > limit:
        raise ValidationError(key, f"{_ITEM_LABELS[key]}不能超过 {limit} 个字（现有 {len(text)} 个字），请删减后再保存。")
    return text


def validate_evidence(title: str, kind: str, formed_on, description: str, item_ids, today: date) -> dict:
    title = clean_text(title, single_line=True)
    if not title:
        raise ValidationError("title", "请填写佐证材料的标题。")
    if len(title) > TITLE_MAX:
        raise ValidationError("title", f"标题不能超过 {TITLE_MAX} 个字。")
    if kind not in EVIDENCE_KINDS:
        raise ValidationError("kind", "请选择佐证材料的类别。")
    if not isinstance(formed_on, date):
        raise ValidationError("formed_on", "请填写有效的形成日期。")
    if formed_on > today:
        raise ValidationError("formed_on", "形成日期不能晚于今天。")
    if not item_ids:
        raise ValidationError("item_ids", "佐证材料至少要关联一个台账条目。")
    description = clean_text(description)
    if len(description) > TEXT_MAX:
        raise ValidationError("description", f"说明不能超过 {TEXT_MAX} 个字。")
    return {"title": title, "kind": kind, "formed_on": formed_on, "description": description,
            "item_ids": tuple(sorted(set(item_ids)))}
