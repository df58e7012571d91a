"""到期与逾期: one list of everything with a date that needs the officer soon — ledger items, legality
reviews, case publicity, adviser contracts and the statutory yearly dates — overdue first."""

from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain import progress
from desktop.domain import registers as rules
from desktop.domain.enums import PROGRESS_DONE, RESULT_NOT_APPLICABLE
from desktop.domain.models import LedgerItem
from desktop.domain.workdays import Deadline
from desktop.services import ledgers, register_settings, registers
from desktop.store import ledgers_repo, registers_repo
from desktop.store.store import Store

CONTRACT_NOTICE_DAYS = 30
KIND_ITEM, KIND_REVIEW, KIND_PUBLICITY = "台账条目", "合法性审查", "执法公示"
KIND_CONTRACT, KIND_STATUTORY = "法律顾问聘期", "法定报送"
# (month, day, item code, indicator that also marks it done, text): due in year R about year R-1; they belong
# to ledger R (the year the work is done), like item 10.5's evidence "上一年度…报告".
STATUTORY_DATES = (
    (1, 31, "5.6.4", "enforcement_stats_report", "{year}年度行政执法统计年报公开并报送（1月31日前）"),
    (3, 1, "10.5", "annual_report_on_time", "{year}年度法治政府建设情况报告报送上级党委和政府（3月1日前）"),
    (4, 1, "10.5", None, "{year}年度法治政府建设情况报告向社会公开（4月1日前）"),
)


@dataclass(frozen=True)
class DueEntry:
    kind: str
    title: str
    due: date
    days_left: int  # negative: overdue by that many days
    text: str
    entity: str  # what to open: ledger_item, legality_review, enforcement_case, adviser, or ledger
    entity_id: int | None
    ledger_id: int
    estimated: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def left_text(days_left: int) -> str:
    if days_left < 0:
        return f"已逾期 {-days_left} 天"
    return "今天到期" if days_left == 0 else f"还剩 {days_left} 天"


def _entry(kind, title, deadline: Deadline, today, what, entity, entity_id, ledger_id, suffix="") -> DueEntry:
    days_left = (deadline.due - today).days
    text = f"{title}：{what} {deadline.due.isoformat()}，{left_text(days_left)}{suffix}"
    if deadline.estimated:
        text += f"（{deadline.note}）"
    return DueEntry(kind, title, deadline.due, days_left, text, entity, entity_id, ledger_id, deadline.estimated)


def due_list(store: Store, ledger_id: int, today: date, within_days: int = 7,
             items: list[LedgerItem] | None = None) -> list[DueEntry]:
    """Everything due within within_days of today, or overdue, in date order. items: the ledger's items when
    the caller has them loaded already (the window)."""
    until = today + timedelta(days=within_days)
    if items is None:
        items = ledgers_repo.items(store.db, ledger_id)
    found = (_items(items, ledger_id, today, until) + _reviews(store, ledger_id, today, until)
             + _publicity(store, ledger_id, today, until) + _contracts(store, ledger_id, today)
             + _statutory(store, ledger_id, today, until))
    order = [KIND_STATUTORY, KIND_ITEM, KIND_REVIEW, KIND_PUBLICITY, KIND_CONTRACT]
    return sorted(found, key=lambda e: (e.due, order.index(e.kind), e.title))


def _items(items: list[LedgerItem], ledger_id: int, today: date, until: date) -> list[DueEntry]:
    found = []
    for item in items:
        if item.level == "part" or item.due_date is None or item.due_date > until:
            continue
        if progress.is_done(item) or not progress.is_applicable(item):
            continue
        owner = "，".join(x for x in (item.department, item.owner) if x)
        found.append(_entry(KIND_ITEM, f"{item.code} {item.title}", Deadline(item.due_date), today, "完成时限",
                            "ledger_item", item.id, ledger_id, f"（{owner}）" if owner else ""))
    return found


def _reviews(store: Store, ledger_id: int, today: date, until: date) -> list[DueEntry]:
    calendar = register_settings.user_calendar(store)
    found = []
    for review in registers.list_entries(store, rules.REVIEW, ledger_id):
        if review.opinion_on is not None:
            continue
        deadline = rules.review_deadline(review, calendar)
        if deadline.due <= until:
            found.append(_entry(KIND_REVIEW, f"合法性审查“{review.title}”", deadline, today, "审查期限",
                                rules.REVIEW, review.id, ledger_id, "，尚未出具审查意见"))
    return found


def _publicity(store: Store, ledger_id: int, today: date, until: date) -> list[DueEntry]:
    calendar = register_settings.user_calendar(store)
    found = []
    for case in registers.list_entries(store, rules.CASE, ledger_id):
        deadline = rules.publicity_deadline(case, calendar)
        if deadline is None or case.published_on is not None or deadline.due > until:
            continue
        found.append(_entry(KIND_PUBLICITY, f"{case.kind}案件 {case.display_title}", deadline, today, "公示期限",
                            rules.CASE, case.id, ledger_id, "，尚未公示"))
    return found


def _contracts(store: Store, ledger_id: int, today: date) -> list[DueEntry]:
    """Contracts ending within 30 days or ended, unless the same adviser has a later contract on record."""
    advisers = registers.list_entries(store, rules.ADVISER, ledger_id)
    last_end: dict[str, date] = {}
    for a in advisers:
        if a.contract_end is not None and a.contract_end > last_end.get(a.name, date.min):
            last_end[a.name] = a.contract_end
    found = []
    for adviser in advisers:
        end = adviser.contract_end
        if end is None or end - today > timedelta(days=CONTRACT_NOTICE_DAYS) or end < last_end[adviser.name]:
            continue
        found.append(_entry(KIND_CONTRACT, f"{adviser.adviser_type} {adviser.display_title}", Deadline(end),
                            today, "聘期届满", rules.ADVISER, adviser.id, ledger_id,
                            "，请办理续聘或更新名册" if end < today else ""))
    return found


def _statutory(store: Store, ledger_id: int, today: date, until: date) -> list[DueEntry]:
    """The yearly dates of this ledger's year, and of the next year while its ledger is not done with them."""
    ledger = ledgers.get_ledger(store, ledger_id)
    found = []
    for year in (ledger.year, ledger.year + 1):
        owner_id = ledger_id if year == ledger.year else ledgers_repo.find_ledger(store.db, ledger.unit_id, year)
        items = registers_repo.items_by_code(store.db, owner_id, {d[2] for d in STATUTORY_DATES}) if owner_id else {}
        for month, day, code, indicator, text in STATUTORY_DATES:
            due = date(year, month, day)
            item = items.get(code)
            if due > until or (owner_id and (item is None or _statutory_done(item, indicator))):
                continue
            entity, entity_id = ("ledger_item", item["id"]) if item else ("ledger", owner_id)
            found.append(_entry(KIND_STATUTORY, text.format(year=year - 1), Deadline(due), today, "截止",
                                entity, entity_id, owner_id or ledger_id))
    return found


def _statutory_done(item: dict, indicator: str | None) -> bool:
    if item["progress"] == PROGRESS_DONE or RESULT_NOT_APPLICABLE in (item["result"], item["applicability"]):
        return True
    return bool(indicator and (item["values"].get(indicator) or 0) >= 1)
