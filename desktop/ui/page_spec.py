"""The building blocks of a register page's description: its context, columns and spec (register_specs holds
the pages themselves)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from desktop.domain import columns as schema
from desktop.domain import registers as rules
from desktop.domain.models import LedgerItem
from desktop.store.store import Store


@dataclass
class PageContext:
    store: Store
    ledger_id: int
    items: list[LedgerItem]
    today: date
    writable: bool


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable  # (entry, extra) -> shown text
    width: int = 160  # the most it takes when fitted to its text (the last column takes what is left)


@dataclass(frozen=True)
class PageSpec:
    entity: str
    title: str
    noun: str
    columns: tuple[Column, ...]
    totals: Callable[[PageContext], str] | None = None
    extra: Callable[[PageContext], dict] | None = None
    refs: Callable[[PageContext], dict] | None = None
    defaults: Callable[[PageContext], dict] | None = None
    enabled_if: dict = field(default_factory=dict)
    warnings: Callable | None = None
    extend_dialog: Callable | None = None
    extra_values: Callable | None = None
    follows: Callable[[PageContext], dict] | None = None  # field → (driver field, default by driver value)
    live_note: Callable[[PageContext], tuple] | None = None  # (field it follows, values → text)
    actions: tuple = ()  # (button text, action(page)) of the register's own

    @property
    def record_cls(self):
        return rules.ENTRY_CLASSES[self.entity]


def date_text(value: date | None) -> str:
    return value.isoformat() if value else ""


def attr(entity: str, name: str, width: int = 160) -> Column:
    """A column showing one field, headed by its label and shown by its kind (the column schema's words)."""
    column = schema.column(entity, name)
    return Column(column.label, lambda e, _x: column.display(getattr(e, name)), width)


def deadline_text(deadline) -> str:
    if deadline is None:
        return ""
    return deadline.due.isoformat() + ("（估算）" if deadline.estimated else "")


HOLIDAYS_HINT = "如需准确日期，请在“编辑 → 设置… → 节假日”中录入该年度的放假和调休安排。"


def deadline_note(what: str, deadline) -> str:
    """The resulting date of a working-day limit, said in the dialog as the dates are typed."""
    text = f"{what}：{deadline.due.isoformat()}（{WEEKDAYS[deadline.due.weekday()]}）"
    if deadline.estimated:
        return f"{text}，为估算日期：{deadline.note}。{HOLIDAYS_HINT}"
    return text + (f"，{deadline.note}" if deadline.note else "")


WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
