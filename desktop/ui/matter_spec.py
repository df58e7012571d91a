"""The 案件/事项 page (行政复议, 行政应诉, 信访, 依申请公开): its columns, deadline note and totals."""

from desktop.domain import registers as rules
from desktop.services import register_settings, register_totals
from desktop.services import registers as register_service
from desktop.ui.lazy_tab import REGISTER_TABS
from desktop.ui.page_spec import Column, PageContext, PageSpec, deadline_note, deadline_text
from desktop.ui.page_spec import attr as _attr


def _matter_note(ctx: PageContext) -> tuple:
    calendar = register_settings.user_calendar(ctx.store)

    def note(values: dict) -> str:
        if values["received_on"] is None or not values["kind"]:
            return "期限：选择类别并填写收到日期后显示。"
        matter = rules.matters.Matter(kind=values["kind"], received_on=values["received_on"],
                                      petition_track=values["petition_track"], extended=values["extended"])
        what, deadline, _met = rules.matters.matter_deadline(matter, calendar)
        return deadline_note(what, deadline) + f"（{rules.matters.matter_basis(matter)}）"
    return "extended", note


def _matter_totals(ctx: PageContext) -> str:
    return "；".join(register_totals.matter_summary(ctx.store, ctx.ledger_id, ctx.today)) or "本年度尚未登记案件/事项。"


def _matter_extra(ctx: PageContext) -> dict:
    calendar = register_settings.user_calendar(ctx.store)
    matters = register_service.list_entries(ctx.store, rules.MATTER, ctx.ledger_id)
    return {"due": {m.id: rules.matters.matter_deadline(m, calendar) for m in matters},
            "state": {m.id: rules.matters.matter_state(m, ctx.today, calendar) for m in matters}}


def _matter_due(matter, extra) -> str:
    found = extra["due"].get(matter.id)
    return f"{found[0]} {deadline_text(found[1])}" if found else ""


MATTER_PAGE = PageSpec(
    entity=rules.MATTER, title=REGISTER_TABS[rules.MATTER], noun="案件/事项",
    columns=(_attr(rules.MATTER, "received_on"), _attr(rules.MATTER, "kind", 100), _attr(rules.MATTER, "title", 280),
             _attr(rules.MATTER, "party", 140), _attr(rules.MATTER, "petition_track", 180),
             _attr(rules.MATTER, "extended", 90), Column("期限", _matter_due, 220),
             _attr(rules.MATTER, "answered_on"), _attr(rules.MATTER, "concluded_on"),
             Column("办理情况", lambda e, x: x["state"].get(e.id, ""), 110), _attr(rules.MATTER, "outcome", 100),
             _attr(rules.MATTER, "head_appeared", 110), _attr(rules.MATTER, "note")),
    totals=_matter_totals, extra=_matter_extra, live_note=_matter_note,
    enabled_if={"petition_track": ("kind", "信访"), "head_appeared": ("kind", "行政应诉")},
    defaults=lambda ctx: {"received_on": ctx.today})
