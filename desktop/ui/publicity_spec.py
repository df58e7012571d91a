"""The 普法活动 page: events, their 人次, and the year's 场次/人次 totals."""

from desktop.domain import registers as rules
from desktop.services import register_totals
from desktop.ui.lazy_tab import REGISTER_TABS
from desktop.ui.page_spec import PageContext, PageSpec
from desktop.ui.page_spec import attr as _attr


def _totals(ctx: PageContext) -> str:
    events = register_totals.year_entries(ctx.store, rules.PUBLICITY, ctx.ledger_id)
    return f"本年度普法活动 {len(events)} 场次，参加 {sum(e.quantity for e in events)} 人次。"


PUBLICITY_PAGE = PageSpec(
    entity=rules.PUBLICITY, title=REGISTER_TABS[rules.PUBLICITY], noun="普法活动",
    columns=(_attr(rules.PUBLICITY, "held_on"), _attr(rules.PUBLICITY, "kind", 140),
             _attr(rules.PUBLICITY, "title", 300), _attr(rules.PUBLICITY, "place", 160),
             _attr(rules.PUBLICITY, "organizer", 160), _attr(rules.PUBLICITY, "quantity", 100),
             _attr(rules.PUBLICITY, "note")),
    totals=_totals, defaults=lambda ctx: {"held_on": ctx.today})
