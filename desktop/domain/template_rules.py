"""The rules a checklist template declares (its `rules:` section, docs/template-format.md): which items a
register entry proves by default, which register counts fill which indicators, and the statutory dates.
Rules name template nodes by their key (stable across versions of a template), never by code."""

import json
from dataclasses import dataclass, fields
from datetime import date

OFFICER_REGISTER = "enforcement_officer"  # registers.entries.OFFICER (not imported: models import this module)
COUNT_ENTRIES, COUNT_LOWEST_HOURS, COUNT_QUANTITY = "entries", "lowest_officer_hours", "quantity"
COUNT_DONE_RATE, COUNT_ON_TIME_RATE = "done_rate", "on_time_rate"  # % of the matching matters
COUNTS = (COUNT_ENTRIES, COUNT_LOWEST_HOURS, COUNT_QUANTITY, COUNT_DONE_RATE, COUNT_ON_TIME_RATE)
# counts only one register has: quantity sums adviser services' `quantity`; the rates are of matters
COUNT_REGISTER = {COUNT_LOWEST_HOURS: (OFFICER_REGISTER,), COUNT_QUANTITY: ("adviser_service", "law_publicity"),
                  COUNT_DONE_RATE: ("matter",), COUNT_ON_TIME_RATE: ("matter",)}
SECTIONS = ("default_links", "counted_indicators", "statutory_dates", "rates")


@dataclass(frozen=True)
class Condition:
    """An entry matches when `field` equals `value`; value True: the field is filled; field None: always."""

    field: str | None = None
    value: object = None

    def matches(self, values: dict) -> bool:
        if self.field is None:
            return True
        actual = values.get(self.field)
        return bool(actual) if self.value is True else actual == self.value

    def holds_for(self, entry) -> bool:
        """The same test on a register entry (a dataclass)."""
        return self.matches({self.field: getattr(entry, self.field, None)} if self.field else {})

    def to_raw(self) -> dict:
        return {} if self.field is None else {self.field: self.value}


@dataclass(frozen=True)
class LinkRule:
    register: str
    when: Condition
    items: tuple[str, ...]  # node keys


@dataclass(frozen=True)
class CountRule:
    item: str  # node key
    indicator: str
    register: str
    when: Condition
    count: str  # COUNTS


@dataclass(frozen=True)
class StatutoryDate:
    """A report about ledger year Y due on month/day of Y+1; done when the item is done or its indicator ≥ 1."""

    month: int
    day: int
    item: str  # node key
    indicator: str | None
    title: str  # "{year}年度…", {year} = the ledger's year
    basis: str


@dataclass(frozen=True)
class RateRule:
    """An indicator computed as numerator / denominator × 100 (%), two indicators of the same item."""

    item: str  # node key
    indicator: str
    numerator: str
    denominator: str


@dataclass(frozen=True)
class TemplateRules:
    default_links: tuple[LinkRule, ...] = ()
    counted_indicators: tuple[CountRule, ...] = ()
    statutory_dates: tuple[StatutoryDate, ...] = ()
    rates: tuple[RateRule, ...] = ()

    def item_keys(self) -> set[str]:
        keys = {k for r in self.default_links for k in r.items}
        keys |= {r.item for r in self.rates}
        return keys | {r.item for r in self.counted_indicators} | {d.item for d in self.statutory_dates}

    def default_item_keys(self, register: str, values: dict) -> tuple[str, ...]:
        """Node keys an entry proves by default, in rule order, each once."""
        keys: list[str] = []
        for rule in self.default_links:
            if rule.register == register and rule.when.matches(values):
                keys.extend(k for k in rule.items if k not in keys)
        return tuple(keys)

    def to_json(self) -> str:
        """Stored in template.rules; every section present, so '{}' only ever means a row stored before
        templates carried rules."""
        def cond(c):
            return c.to_raw() or None
        return json.dumps({
            "default_links": [{"register": r.register, "when": cond(r.when), "items": list(r.items)}
                              for r in self.default_links],
            "counted_indicators": [{"item": r.item, "indicator": r.indicator, "register": r.register,
                                    "when": cond(r.when), "count": r.count} for r in self.counted_indicators],
            "statutory_dates": [d.__dict__ for d in self.statutory_dates],
            "rates": [r.__dict__ for r in self.rates],
        }, ensure_ascii=False, sort_keys=True)


def parse_rules(raw, fail) -> TemplateRules:
    """The `rules:` mapping of a template file (or its stored JSON). fail(where, field, why) raises."""
    if raw is None:
        return TemplateRules()
    if not isinstance(raw, dict):
        fail("文件", "rules", "必须是键值结构")
    unknown = set(raw) - set(SECTIONS)
    if unknown:
        fail("文件", "rules", f"只能包含：{'、'.join(SECTIONS)}（多出 {'、'.join(sorted(unknown))}）")
    return TemplateRules(
        default_links=tuple(_link(r, n, fail) for n, r in enumerate(_list(raw, "default_links", fail), 1)),
        counted_indicators=tuple(_count(r, n, fail) for n, r in enumerate(_list(raw, "counted_indicators", fail), 1)),
        statutory_dates=tuple(_date(r, n, fail) for n, r in enumerate(_list(raw, "statutory_dates", fail), 1)),
        rates=tuple(_rate(r, n, fail) for n, r in enumerate(_list(raw, "rates", fail), 1)))


def _rate(raw: dict, n: int, fail) -> RateRule:
    where = f"rules.rates 第 {n} 条"
    for name in ("item", "indicator", "numerator", "denominator"):
        if not str(raw.get(name) or "").strip():
            fail(where, name, "缺失")
    return RateRule(str(raw["item"]), str(raw["indicator"]), str(raw["numerator"]), str(raw["denominator"]))


def _list(raw: dict, section: str, fail) -> list:
    found = raw.get(section) or []
    if not isinstance(found, list) or any(not isinstance(r, dict) for r in found):
        fail("rules", section, "必须是由键值结构组成的列表")
    return found


def _register(raw: dict, where: str, fail) -> str:
    from desktop.domain.registers.entries import ENTITIES, REGISTER_LABELS  # only when a template is parsed

    register = raw.get("register")
    if register not in ENTITIES:
        fail(where, "register", f"只能是：{'、'.join(f'{e}（{REGISTER_LABELS[e]}）' for e in ENTITIES)}")
    return register


def _when(raw: dict, register: str, where: str, fail) -> Condition:
    when = raw.get("when") or {}
    if not isinstance(when, dict) or len(when) > 1:
        fail(where, "when", "必须是“字段: 值”的一对（值为 true 表示该字段已填写）")
    if not when:
        return Condition()
    from desktop.domain.registers.entries import ENTRY_CLASSES, REGISTER_LABELS

    (name, value), = when.items()
    if name not in {f.name for f in fields(ENTRY_CLASSES[register])}:
        fail(where, "when", f"中的字段 {name} 不是{REGISTER_LABELS[register]}的字段")
    return Condition(str(name), value)


def _keys(value, where: str, field: str, fail) -> tuple[str, ...]:
    if isinstance(value, (str, int, float)):
        value = [value]
    if not isinstance(value, list) or not value:
        fail(where, field, "缺失或为空")
    return tuple(str(v) for v in value)


def _link(raw: dict, n: int, fail) -> LinkRule:
    where = f"rules.default_links 第 {n} 条"
    register = _register(raw, where, fail)
    return LinkRule(register, _when(raw, register, where, fail), _keys(raw.get("items"), where, "items", fail))


def _count(raw: dict, n: int, fail) -> CountRule:
    where = f"rules.counted_indicators 第 {n} 条"
    register = _register(raw, where, fail)
    count = raw.get("count", COUNT_ENTRIES)
    if count not in COUNTS:
        fail(where, "count", f"只能是：{'、'.join(COUNTS)}")
    if count in COUNT_REGISTER and register not in COUNT_REGISTER[count]:
        fail(where, "count", f"{count} 只能用于 register: {'、'.join(COUNT_REGISTER[count])}")
    for name in ("item", "indicator"):
        if not str(raw.get(name) or "").strip():
            fail(where, name, "缺失")
    return CountRule(str(raw["item"]), str(raw["indicator"]), register, _when(raw, register, where, fail), count)


def _date(raw: dict, n: int, fail) -> StatutoryDate:
    where = f"rules.statutory_dates 第 {n} 条"
    month, day = raw.get("month"), raw.get("day")
    try:
        date(2001, month, day)  # a common year: no 29 February (the date must exist every year)
    except (TypeError, ValueError):
        fail(where, "month/day", "不是有效的月、日")
    for name in ("item", "title"):
        if not str(raw.get(name) or "").strip():
            fail(where, name, "缺失")
    indicator = raw.get("indicator")
    return StatutoryDate(month, day, str(raw["item"]), str(indicator) if indicator else None, str(raw["title"]),
                         str(raw.get("basis") or ""))
