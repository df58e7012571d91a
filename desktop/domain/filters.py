"""Which checklist rows a set of filters shows."""

from dataclasses import dataclass
from datetime import date

from desktop.domain import progress
from desktop.domain.models import LedgerItem

ALL = "全部"


@dataclass(frozen=True)
class Criteria:
    text: str = ""
    progress: str = ALL
    result: str = ALL
    owner: str = ALL
    no_evidence: bool = False
    overdue: bool = False

    @property
    def active(self) -> bool:
        return self != Criteria()


def visible_ids(items: list[LedgerItem], criteria: Criteria, search_hits: set[int] | None,
                today: date) -> set[int] | None:
    """None means show everything; parts show only through a visible descendant."""
    if not criteria.active:
        return None
    shown = set()
    for item in items:
        if item.level == "part":
            continue
        if criteria.progress != ALL and item.progress != criteria.progress:
            continue
        if criteria.result != ALL and progress.effective_result(item) != criteria.result:
            continue
        if criteria.owner != ALL and item.owner != criteria.owner:
            continue
        if criteria.no_evidence and item.evidence_count:
            continue
        if criteria.overdue and not progress.is_overdue(item, today):
            continue
        if search_hits is not None and item.id not in search_hits:
            continue
        shown.add(item.id)
    return shown
