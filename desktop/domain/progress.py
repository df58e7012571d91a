"""Progress and status rules of a year ledger."""

from dataclasses import dataclass
from datetime import date

from desktop.domain.enums import LEVEL_PART, PROGRESS_DONE, RESULT_NOT_APPLICABLE, RESULTS
from desktop.domain.models import LedgerItem

RESULT_UNASSESSED = RESULTS[0]
TEMPLATE_NA_REASON = "清单模板标注乡镇不适用"


def is_checklist_item(level: str) -> bool:
    """What the officer counts as a 条目: every row he fills in, numbered items and their sub-items; the parts
    are headings. The status bar, the workbook, the restore list and the self-test all count these."""
    return level != LEVEL_PART


def item_count(items) -> int:
    return sum(1 for i in items if is_checklist_item(i.level))


def effective_result(item: LedgerItem) -> str:
    """落实结果 as every view shows it: an item the template marks 不适用 is 不适用 until the officer assesses
    it otherwise (computed, so ledgers made before this rule, and other templates, need no migration)."""
    if item.result == RESULT_UNASSESSED and item.applicability == RESULT_NOT_APPLICABLE:
        return RESULT_NOT_APPLICABLE
    return item.result


def na_reason(item: LedgerItem) -> str:
    """The reason shown beside 不适用: the officer's own, else the template's note."""
    if effective_result(item) != RESULT_NOT_APPLICABLE:
        return ""
    return item.na_reason or item.note or TEMPLATE_NA_REASON


def result_text(item: LedgerItem) -> str:
    """The result with its reason, for the workbook and tooltips: 不适用（由上级组织实施…）."""
    result = effective_result(item)
    return f"{result}（{na_reason(item)}）" if result == RESULT_NOT_APPLICABLE else result


def is_applicable(item: LedgerItem) -> bool:
    """An item counts unless it is 不适用 (from the template, or the officer's choice with a reason)."""
    return effective_result(item) != RESULT_NOT_APPLICABLE


def is_done(item: LedgerItem) -> bool:
    return item.progress == PROGRESS_DONE


def is_overdue(item: LedgerItem, today: date) -> bool:
    return item.due_date is not None and item.due_date < today and not is_done(item) and is_applicable(item)


@dataclass(frozen=True)
class Tally:
    applicable: int
    done: int
    evidence: int
    items: int = 0  # every 条目, 不适用 ones included

    @property
    def ratio(self) -> float:
        return self.done / self.applicable if self.applicable else 0.0

    @property
    def percent_text(self) -> str:
        return f"{self.ratio * 100:.1f}%"


def tally(items: list[LedgerItem]) -> Tally:
    """Counts over the 条目 (items and sub-items, see is_checklist_item)."""
    rows = [i for i in items if is_checklist_item(i.level)]
    counted = [i for i in rows if is_applicable(i)]
    return Tally(
        applicable=len(counted),
        done=sum(1 for i in counted if is_done(i)),
        evidence=sum(i.evidence_count for i in rows),
        items=len(rows),
    )


def tally_by_part(items: list[LedgerItem]) -> dict[int, Tally]:
    """Part ledger-item id → tally of the items and children below it."""
    part_of: dict[int, int] = {}
    groups: dict[int, list[LedgerItem]] = {}
    for item in items:  # display order: parents come before children
        if not is_checklist_item(item.level):
            part_of[item.id] = item.id
            groups[item.id] = []
        elif item.parent_id in part_of:
            part_of[item.id] = part_of[item.parent_id]
            groups[part_of[item.id]].append(item)
    return {part_id: tally(members) for part_id, members in groups.items()}
