"""到期与逾期: one list of everything with a date that needs the officer soon — ledger items, legality
reviews, case publicity, adviser contracts and the statutory yearly dates — overdue first."""

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta

from desktop.domain import progress
from desktop.domain import registers as rules
from desktop.domain.enums import PROGRESS_DONE, RESULT_NOT_APPLICABLE
from desktop.domain.models import LedgerItem
from desktop.domain.workdays import Deadline
from desktop.services import ledger_rules, ledgers, register_settings, registers
from desktop.store import ledgers_repo, registers_repo
from desktop.store.store import Store, get_setting

CONTRACT_NOTICE_DAYS = 30
KIND_ITEM, KIND_REVIEW, KIND_PUBLICITY = "台账条目", "合法性审查", "执法公示"
KIND_CONTRACT, KIND_STATUTORY = "法律顾问聘期", "法定报送"
KIND_CASE_LIMIT, KIND_CERTIFICATE, KIND_MATTER = "办案期限", "执法证有效期", "复议应诉信访公开"
SETTING_DONE = "due.done"  # keys of reminders the officer marked 已办 (a JSON list)
# The statutory dates come from the ledger's template (rules.statutory_dates): the reports about year Y fall
# due in year Y+1 and belong to ledger Y, the year whose work they report.
NO_STATUTORY_DATES = "本台账所用清单模板未声明法定报送期限（执法统计年报、年度报告报送和公开），本页不提醒这些期限。"


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
    clears: str = ""  # what the officer does to clear it
    key: str = ""  # stable identity, for 标记已办
    done: bool = False  # marked 已办 by the officer

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def reminders_end(ledger_year: int) -> date:
    """A ledger's reminders run to the end of the year after it (its reports fall due then); a ledger
    back-filled for an earlier year is a record, not a to-do list."""
    return date(ledger_year + 1, 12, 31)


def past_ledger_note(store: Store, ledger_id: int, today: date) -> str:
    """Why the due page of an old ledger is empty, or ""."""
    year = ledgers.get_ledger(store, ledger_id).year
    if today <= reminders_end(year):
        return ""
    return (f"{year}年度台账的提醒期（含次年的年度报送期限）已于 {reminders_end(year).isoformat()} 结束，"
            "不再提醒到期事项；请打开当年度的台账查看。")


def left_text(days_left: int) -> str:
    if days_left < 0:
        return f"已逾期 {-days_left} 天"
    return "今天到期" if days_left == 0 else f"还剩 {days_left} 天"


def _entry(kind, title, deadline: Deadline, today, what, entity, entity_id, ledger_id, suffix="", *,
           clears: str, key: str) -> DueEntry:
    days_left = (deadline.due - today).days
    text = f"{title}：{what} {deadline.due.isoformat()}，{left_text(days_left)}{suffix}"
    if deadline.estimated:
        text += f"（{deadline.note}）"
    return DueEntry(kind, title, deadline.due, days_left, text, entity, entity_id, ledger_id, deadline.estimated,
                    clears, f"{ledger_id}:{key}:{deadline.due.isoformat()}")


def due_list(store: Store, ledger_id: int, today: date, within_days: int = 7,
             items: list[LedgerItem] | None = None, include_done: bool = False) -> list[DueEntry]:
    """Everything of this ledger due within within_days of today, or overdue, in date order; what the officer
    marked 已办 only with include_done. items: the ledger's items when the caller has them loaded already."""
    ledger = ledgers.get_ledger(store, ledger_id)
    if today > reminders_end(ledger.year):
        return []
    until = today + timedelta(days=within_days)
    if items is None:
        items = ledgers_repo.items(store.db, ledger_id)
    found = (_items(items, ledger_id, today, until) + _reviews(store, ledger_id, today, until)
             + _publicity(store, ledger_id, today, until) + _contracts(store, ledger_id, today)
             + _case_limits(store, ledger_id, today, until) + _certificates(store, ledger_id, today)
             + _matters(store, ledger_id, today, until)
             + _statutory(store, ledger.year, ledger_id, today, until))
    done = done_keys(store)
    found = [replace(e, done=True) if e.key in done else e for e in found]
    order = [KIND_STATUTORY, KIND_ITEM, KIND_REVIEW, KIND_PUBLICITY, KIND_CASE_LIMIT, KIND_MATTER, KIND_CONTRACT,
             KIND_CERTIFICATE]
    return sorted((e for e in found if include_done or not e.done),
                  key=lambda e: (e.due, order.index(e.kind), e.title))


def overdue_count(store: Store, ledger_id: int, today: date, items: list[LedgerItem] | None = None) -> int:
    """How many reminders are overdue: the one figure the due page and the status bar both show."""
    return count_overdue(due_list(store, ledger_id, today, items=items))


def count_overdue(entries: list[DueEntry]) -> int:
    return sum(1 for e in entries if e.overdue and not e.done)


def done_keys(store: Store) -> set[str]:
    return set(json.loads(get_setting(store, SETTING_DONE) or "[]"))


def set_done(store: Store, entry: DueEntry, done: bool):
    """Mark a reminder 已办 (it leaves the list) or take the mark back (取消已办): one operation (Changes)."""
    keys = done_keys(store)
    keys = keys | {entry.key} if done else keys - {entry.key}
    return register_settings.write_setting(store, SETTING_DONE, json.dumps(sorted(keys), ensure_ascii=False),
                                           label=f"{'标记已办' if done else '取消已办'}“{entry.title}”")


def _items(items: list[LedgerItem], ledger_id: int, today: date, until: date) -> list[DueEntry]:
    found = []
    for item in items:
        if item.level == "part" or item.due_date is None or item.due_date > until:
            continue
        if progress.is_done(item) or not progress.is_applicable(item):
            continue
        owner = "，".join(x for x in (item.department, item.owner) if x)
        found.append(_entry(KIND_ITEM, f"{item.code} {item.title}", Deadline(item.due_date), today, "完成时限",
                            "ledger_item", item.id, ledger_id, f"（{owner}）" if owner else "",
                            clears=f"将台账条目 {item.code} 的进度改为已完成，或另定完成时限",
                            key=f"item:{item.id}"))
    return found


def _of_the_year(store: Store, entity: str, ledger_id: int) -> list:
    """The entries of the ledger's year, as the counts take them: a matter dated 2019 in a 2026 ledger is a
    slip (flagged when entered), not a reminder 2,850 days overdue."""
    year = ledgers.get_ledger(store, ledger_id).year
    return [e for e in registers.list_entries(store, entity, ledger_id) if rules.checks.in_year(entity, e, year)]


def _reviews(store: Store, ledger_id: int, today: date, until: date) -> list[DueEntry]:
    calendar = register_settings.user_calendar(store)
    found = []
    for review in _of_the_year(store, rules.REVIEW, ledger_id):
        if review.opinion_on is not None or review.category == "重大行政决策":  # Art.26: a floor, no deadline
            continue
        deadline = rules.review_deadline(review, calendar)
        if deadline.due <= until:
            found.append(_entry(KIND_REVIEW, f"合法性审查“{review.title}”", deadline, today, "审查期限",
                                rules.REVIEW, review.id, ledger_id, "，尚未出具审查意见",
                                clears=f"在合法性审查登记“{review.title}”填写审查意见和出具意见日期",
                                key=f"review:{review.id}"))
    return found


def _publicity(store: Store, ledger_id: int, today: date, until: date) -> list[DueEntry]:
    calendar = register_settings.user_calendar(store)
    found = []
    for case in _of_the_year(store, rules.CASE, ledger_id):
        deadline = rules.publicity_deadline(case, calendar)
        if deadline is None or case.published_on is not None or deadline.due > until:
            continue
        found.append(_entry(KIND_PUBLICITY, f"{case.kind}案件 {case.display_title}", deadline, today, "公示期限",
                            rules.CASE, case.id, ledger_id, "，尚未公示",
                            clears=f"在执法案件 {case.case_no} 填写公示日期和公示载体（不予公示的填写理由）",
                            key=f"case:{case.id}"))
    return found


def _contracts(store: Store, ledger_id: int, today: date) -> list[DueEntry]:
    """Contracts ending within 30 days or ended, unless the same adviser has a later contract on record; a
    contract that ended before the ledger's year is the earlier year's reminder (the roster is the unit's)."""
    year_start = date(ledgers.get_ledger(store, ledger_id).year, 1, 1)
    advisers = registers.list_entries(store, rules.ADVISER, ledger_id)
    last_end: dict[str, date] = {}
    for a in advisers:
        if a.contract_end is not None and a.contract_end > last_end.get(a.name, date.min):
            last_end[a.name] = a.contract_end
    found = []
    for adviser in advisers:
        end = adviser.contract_end
        if end is None or end - today > timedelta(days=CONTRACT_NOTICE_DAYS) or end < last_end[adviser.name] \
                or end < year_start:
            continue
        found.append(_entry(KIND_CONTRACT, f"{adviser.adviser_type} {adviser.display_title}", Deadline(end),
                            today, "聘期届满", rules.ADVISER, adviser.id, ledger_id,
                            "，请办理续聘或更新名册" if end < today else "",
                            clears=f"在法律顾问名册登记{adviser.name}续聘后的聘期（或新聘顾问）",
                            key=f"adviser:{adviser.id}"))
    return found


def _case_limits(store: Store, ledger_id: int, today: date, until: date) -> list[DueEntry]:
    """行政处罚法 Art.60 (decide within 90 days of 立案) and Art.48 ¶2 (withdraw a changed decision's
    publication within 3 working days)."""
    calendar = register_settings.user_calendar(store)
    found = []
    for case in _of_the_year(store, rules.CASE, ledger_id):
        limit = rules.checks.decision_deadline(case)
        if limit is not None and case.decision_on is None and not case.transferred_to and limit.due <= until:
            found.append(_entry(KIND_CASE_LIMIT, f"处罚案件 {case.display_title}", limit, today, "立案后90日内作出决定",
                                rules.CASE, case.id, ledger_id, "（《行政处罚法》第60条）",
                                clears=f"在执法案件 {case.case_no} 填写决定日期（或移送情况）",
                                key=f"case_decision:{case.id}"))
        withdraw = rules.checks.withdraw_deadline(case, calendar)
        if withdraw is not None and case.withdrawn_on is None and withdraw.due <= until:
            found.append(_entry(KIND_CASE_LIMIT, f"撤回公示 {case.display_title}", withdraw, today,
                                f"决定被{case.revision}，撤回公示信息", rules.CASE, case.id, ledger_id,
                                "（《行政处罚法》第48条第2款）",
                                clears=f"撤回公示信息并说明理由后，在执法案件 {case.case_no} 填写公示信息撤回日期",
                                key=f"case_withdraw:{case.id}"))
    return found


def _matters(store: Store, ledger_id: int, today: date, until: date) -> list[DueEntry]:
    """行政复议 答复, 行政应诉 答辩, 信访 告知/办结 and 依申请公开 答复, until the date that meets them is entered."""
    calendar = register_settings.user_calendar(store)
    found = []
    for matter in _of_the_year(store, rules.MATTER, ledger_id):
        due_of = rules.matters.matter_deadline(matter, calendar)
        if due_of is None or due_of[2] is not None or due_of[1].due > until:
            continue
        what, deadline, _met = due_of
        found.append(_entry(KIND_MATTER, matter.display_title, deadline, today, what, rules.MATTER, matter.id,
                            ledger_id, f"（{rules.matters.matter_basis(matter)}）",
                            clears=f"在案件/事项“{matter.title}”填写{'办结日期' if what == '办结' else '答复/答辩/告知日期'}",
                            key=f"matter:{matter.id}"))
    return found


def _certificates(store: Store, ledger_id: int, today: date) -> list[DueEntry]:
    found = []
    for officer in registers.list_entries(store, rules.OFFICER, ledger_id):
        if rules.checks.certificate_due(officer, today):
            found.append(_entry(KIND_CERTIFICATE, f"执法人员 {officer.name}（{officer.certificate_no or '无证号'}）",
                                Deadline(officer.certificate_expires), today, "执法证有效期至", rules.OFFICER,
                                officer.id, ledger_id, "，请及时办理换证（持证上岗）",
                                clears=f"换证后在执法人员名册更新{officer.name}的证件有效期",
                                key=f"certificate:{officer.id}"))
    return found


def statutory_note(store: Store, ledger_id: int) -> str:
    """What the due page says when the ledger's template declares no statutory dates, or ""."""
    return "" if ledger_rules.of_ledger(store, ledger_id).rules.statutory_dates else NO_STATUTORY_DATES


def _statutory(store: Store, year: int, ledger_id: int, today: date, until: date) -> list[DueEntry]:
    """The reports about this ledger's year, due early next year, until this ledger's items have them done."""
    declared = ledger_rules.of_ledger(store, ledger_id)
    dates = [(d, declared.code(d.item)) for d in declared.rules.statutory_dates]
    items = registers_repo.items_by_code(store.db, ledger_id, {code for _, code in dates if code})
    found = []
    for rule, code in dates:
        due = date(year + 1, rule.month, rule.day)
        item = items.get(code)
        if due > until or item is None or _statutory_done(item, rule.indicator):
            continue
        indicator = declared.indicator_name(rule.item, rule.indicator) if rule.indicator else None
        found.append(_entry(KIND_STATUTORY, rule.title.format(year=year), Deadline(due), today, "截止",
                            "ledger_item", item["id"], ledger_id, clears=_statutory_clears(code, indicator),
                            key=f"statutory:{code}:{rule.month}-{rule.day}"))
    return found


def _statutory_clears(code: str, indicator_name: str | None) -> str:
    if indicator_name is None:
        return f"报告公开后，将台账条目 {code} 的进度改为已完成"
    return f"报送后，在台账条目 {code} 的指标“{indicator_name}”填写 1，或将进度改为已完成"


def _statutory_done(item: dict, indicator: str | None) -> bool:
    if item["progress"] == PROGRESS_DONE or RESULT_NOT_APPLICABLE in (item["result"], item["applicability"]):
        return True
    return bool(indicator and (item["values"].get(indicator) or 0) >= 1)
