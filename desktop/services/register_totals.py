"""Yearly totals of the registers (against the yearly targets) and the indicator values they count for
ledger items."""

from dataclasses import dataclass
from datetime import date

from desktop.domain import registers as rules
from desktop.domain.progress import is_applicable
from desktop.domain.template_rules import (
    COUNT_DONE_RATE,
    COUNT_LOWEST_HOURS,
    COUNT_ON_TIME_RATE,
    COUNT_QUANTITY,
    CountRule,
)
from desktop.services import ledger_rules, ledgers
from desktop.services.register_settings import TARGET_LABELS, targets
from desktop.services.registers import list_entries
from desktop.store import registers_repo
from desktop.store.store import Store


@dataclass(frozen=True)
class TargetCheck:
    key: str
    label: str
    value: float
    target: float

    @property
    def met(self) -> bool:
        return self.value >= self.target


@dataclass(frozen=True)
class OfficerHours:
    officer_id: int
    name: str
    hours: float
    target: float

    @property
    def short_by(self) -> float:
        return max(0.0, self.target - self.hours)


@dataclass(frozen=True)
class YearTotals:
    reviews_by_category: dict[str, int]
    adviser_services: dict[str, dict[str, int]]  # kind → unit → quantity
    adviser_service_count: int
    adviser_adopted_count: int  # 已采纳 or 部分采纳
    trainings_by_kind: dict[str, int]
    training_targets: tuple[TargetCheck, ...]
    officer_hours: tuple[OfficerHours, ...]  # officers on duty

    @property
    def officers_short(self) -> list[OfficerHours]:
        return [o for o in self.officer_hours if o.short_by > 0]


def year_entries(store: Store, entity: str, ledger_id: int) -> list:
    """The entries that count toward the ledger's year: a 2019 lecture in a 2026 ledger does not."""
    year = ledgers.get_ledger(store, ledger_id).year
    return [e for e in list_entries(store, entity, ledger_id) if rules.checks.in_year(entity, e, year)]


def officer_hours_by_id(trainings) -> dict[int, float]:
    """The hours toward the 60-学时 target: business and legal training only (纲要（34））."""
    hours: dict[int, float] = {}
    for training in trainings:
        if not training.counts_for_officer_hours:
            continue
        for a in training.attendance:
            hours[a.officer_id] = hours.get(a.officer_id, 0.0) + a.hours
    return hours


def quantities(services) -> dict[str, float]:
    """unit → the services' summed quantity (法律咨询 237 人次 counts 237)."""
    found: dict[str, float] = {}
    for s in services:
        found[s.unit] = found.get(s.unit, 0) + s.quantity
    return found


def quantity_text(services) -> str:
    return "、".join(f"{n:g} {unit}" for unit, n in quantities(services).items())


def _officer_hours(trainings, officers, target: float) -> tuple[OfficerHours, ...]:
    hours = officer_hours_by_id(trainings)
    return tuple(OfficerHours(o.id, o.name, hours.get(o.id, 0.0), target) for o in officers if o.active)


def yearly_totals(store: Store, ledger_id: int) -> YearTotals:
    goal = targets(store)
    reviews = year_entries(store, rules.REVIEW, ledger_id)
    services = year_entries(store, rules.SERVICE, ledger_id)
    trainings = year_entries(store, rules.TRAINING, ledger_id)
    adviser_services: dict[str, dict[str, int]] = {}
    for s in services:
        per_unit = adviser_services.setdefault(s.kind, {})
        per_unit[s.unit] = per_unit.get(s.unit, 0) + s.quantity
    by_kind = {k: sum(1 for t in trainings if t.kind == k) for k in rules.TRAINING_KINDS}
    checks = tuple(TargetCheck(key, TARGET_LABELS[key], by_kind[kind], goal[key])
                   for key, kind in rules.TRAINING_KIND_OF_KEY.items() if key in goal)
    return YearTotals(
        reviews_by_category={c: sum(1 for r in reviews if r.category == c) for c in rules.REVIEW_CATEGORIES},
        adviser_services=adviser_services, adviser_service_count=len(services),
        adviser_adopted_count=sum(1 for s in services if s.adoption in rules.ADOPTED), trainings_by_kind=by_kind,
        training_targets=checks,
        officer_hours=_officer_hours(trainings, list_entries(store, rules.OFFICER, ledger_id),
                                     goal["officer_hours"]))


def _counted_value(rule: CountRule, entries: dict, today: date) -> float | None:
    """What one rule counts; None when its register is unused in this ledger (the officer's own figure
    stays). Officers' hours: the lowest of those on duty (everyone must reach it)."""
    if rule.count == COUNT_LOWEST_HOURS:
        on_duty = _officer_hours(entries[rules.TRAINING], entries[rules.OFFICER], 0)
        return min(o.hours for o in on_duty) if on_duty else None
    found = entries[rule.register]
    if not found:
        return None
    matching = [e for e in found if rule.when.holds_for(e)]
    if rule.count == COUNT_QUANTITY:
        return sum(e.quantity for e in matching)
    if rule.count in (COUNT_DONE_RATE, COUNT_ON_TIME_RATE):  # a percentage of two counts
        test = rules.matters.done if rule.count == COUNT_DONE_RATE else rules.matters.on_time
        due = [e for e in matching if rules.matters.due_so_far(e, today)]
        return round(100 * sum(1 for e in due if test(e)) / len(due), 1) if due else None
    return len(matching)


def counted_indicators(store: Store, ledger_id: int, today: date | None = None) -> dict[int, dict[str, float]]:
    """{ledger item id: {indicator key: value}} for the indicators the registers count, as the ledger's
    template declares (rules.counted_indicators); a template that declares none: {}."""
    counted = ledger_rules.of_ledger(store, ledger_id).counted()
    if not counted and not ledger_rules.of_ledger(store, ledger_id).rules.rates:
        return {}
    wanted = {r.register for _, r in counted} | {
        e for _, r in counted if r.count == COUNT_LOWEST_HOURS for e in (rules.TRAINING, rules.OFFICER)}
    entries = {e: year_entries(store, e, ledger_id) if e in wanted else [] for e in rules.ENTITIES}
    item_of_code = registers_repo.item_ids_by_code(store.db, ledger_id)
    found: dict[int, dict[str, float]] = {}
    for code, rule in counted:
        value = _counted_value(rule, entries, today or date.today())
        if value is not None and code in item_of_code:
            found.setdefault(item_of_code[code], {})[rule.indicator] = value
    return _with_rates(store, ledger_id, found)


def _with_rates(store: Store, ledger_id: int, found: dict[int, dict[str, float]]) -> dict[int, dict[str, float]]:
    """Rates (rules.rates): numerator / denominator in %, of counted or typed values; none while either is
    missing or the denominator is 0 (the rate field then stays empty, never typed)."""
    declared = ledger_rules.of_ledger(store, ledger_id)
    rates = [(declared.code(r.item), r) for r in declared.rules.rates if declared.code(r.item)]
    items = registers_repo.items_by_code(store.db, ledger_id, {code for code, _ in rates})
    for code, rule in rates:
        item = items.get(code)
        if item is None:
            continue
        values = {**item["values"], **found.get(item["id"], {})}
        top, bottom = values.get(rule.numerator), values.get(rule.denominator)
        if top is not None and bottom:
            found.setdefault(item["id"], {})[rule.indicator] = round(100 * top / bottom, 1)
    return found


def matter_summary(store: Store, ledger_id: int, today) -> list[str]:
    """Per kind of the year's matters: 件数, outcomes, 出庭 (应诉), 办理率 and 按期率, as sentences."""
    found = []
    matters = year_entries(store, rules.MATTER, ledger_id)
    for kind in rules.matters.MATTER_KINDS:
        of_kind = [m for m in matters if m.kind == kind]
        if not of_kind:
            continue
        outcomes: dict[str, int] = {}
        for m in of_kind:
            if m.outcome:
                outcomes[m.outcome] = outcomes.get(m.outcome, 0) + 1
        parts = [f"{kind} {len(of_kind)} 件"]
        if outcomes:
            parts.append("结果：" + "、".join(f"{k} {n} 件" for k, n in outcomes.items()))
        if kind == rules.matters.LITIGATION:
            parts.append(f"负责人出庭 {sum(1 for m in of_kind if m.head_appeared)} 件")
        due = [m for m in of_kind if rules.matters.due_so_far(m, today)]
        if due:  # over what is handled or past its deadline: nothing not yet due counts as late
            done = sum(1 for m in due if rules.matters.done(m))
            on_time = sum(1 for m in due if rules.matters.on_time(m))
            parts.append(f"已到期或已办理 {len(due)} 件，办理率 {100 * done / len(due):.1f}%，"
                         f"按期率 {100 * on_time / len(due):.1f}%")
        else:
            parts.append("尚无到期事项")
        found.append("，".join(parts))
    return found


NO_COUNTED_INDICATORS = "本台账所用清单模板未声明由专项台账统计的指标：本条目的指标不由任何专项台账填写，请手工填写。"


def uncounted_note(store: Store, ledger_id: int) -> str:
    """What the item panel says under the indicators when the ledger's template lets no register fill any."""
    return "" if ledger_rules.of_ledger(store, ledger_id).rules.counted_indicators else NO_COUNTED_INDICATORS


# --- every indicator with its value, for the workbook -----------------------------------------------------

COUNTED, TYPED, EMPTY = "专项台账统计", "手工填写", "未填写"


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator of one item: the figure an inspector checks against the yearly target."""

    code: str
    item_title: str
    name: str
    unit: str
    target: float | None
    value: float | None
    counted: bool  # counted from a register, not typed
    applicable: bool

    @property
    def source(self) -> str:
        return COUNTED if self.counted else TYPED if self.value is not None else EMPTY

    @property
    def verdict(self) -> str:
        if not self.applicable:
            return "不适用"
        if self.value is None:
            return "未填写"
        if self.target is None:
            return "无年度目标"
        if self.value >= self.target:
            return "达标"
        return f"未达标（差 {self.target - self.value:g} {self.unit}）"

    @property
    def text(self) -> str:
        """One line for the item's row: 主动公开政府信息 832 条（目标 …）."""
        value = "未填写" if self.value is None else f"{self.value:g} {self.unit}"
        target = f"（目标 {self.target:g}）" if self.target is not None else ""
        return f"{self.name}：{value}{target}{'（台账统计）' if self.counted else ''}"


def indicator_statuses(store: Store, ledger_id: int, items, today: date | None = None) -> list[IndicatorStatus]:
    """Every indicator of the ledger's items in display order; a register's count wins over a typed value,
    as in the window (the typed field is read-only while the register counts it)."""
    counted = counted_indicators(store, ledger_id, today)
    found = []
    for item in items:
        for indicator in item.indicators:
            from_register = indicator.key in counted.get(item.id, {})
            value = counted[item.id][indicator.key] if from_register else item.indicator_values.get(indicator.key)
            found.append(IndicatorStatus(item.code, item.title, indicator.name, indicator.unit, indicator.target,
                                         value, from_register, is_applicable(item)))
    return found
