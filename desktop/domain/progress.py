"""Progress and status rules of a year ledger."""

from dataclasses import dataclass
from datetime import date

from desktop.domain.enums import LEVEL_ITEM, PROGRESS_DONE, RESULT_NOT_APPLICABLE
from desktop.domain.models import LedgerItem


def is_applicable(item: LedgerItem) -> bool:
    """An item counts unless the template or the officer (with a reason) marks it 不适用."""
    return item.applicability != "不适用" and item.result != RESULT_NOT_APPLICABLE


def is_done(item: LedgerItem) -> bool:
    return item.progress == PROGRESS_DONE


def is_overdue(item: LedgerItem, today: date) -> bool:
    return item.due_date is not None and item.due_date < today and not is_done(item) and is_applicable(item)


@dataclass(frozen=True)
class Tally:
    applicable: int
    done: int
    evidence: int

    @property
    def ratio(self) -> float:
        return self.done / self.applicable if self.applicable else 0.0

    @property
    def percent_text(self) -> str:
        return f"{self.ratio * 100:.1f}%"


def tally(items: list[LedgerItem]) -> Tally:
    """Counts over the numbered items (level 'item'); children are tracked inside their item."""
    counted = [i for i in items if i.level == LEVEL_ITEM and is_applicable(i)]
    return Tally(
        applicable=len(counted),
        done=sum(1 for i in counted if is_done(i)),
        evidence=sum(i.evidence_count for i in items if i.level != "part"),
    )


def tally_by_part(items: list[LedgerItem]) -> dict[int, Tally]:
    """Part ledger-item id → tally of the items and children below it."""
    part_of: dict[int, int] = {}
    groups: dict[int, list[LedgerItem]] = {}
    for item in items:  # display order: parents come before children
        if item.level == "part":
            part_of[item.id] = item.id
            groups[item.id] = []
        elif item.parent_id in part_of:
            part_of[item.id] = part_of[item.parent_id]
            groups[part_of[item.id]].append(item)
    return {part_id: tally(members) for part_id, members in groups.items()}
