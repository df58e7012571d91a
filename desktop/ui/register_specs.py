"""What each register page shows: its columns, totals, references, defaults and warnings, as data (the
building blocks: page_spec; the 案件/事项 page: matter_spec)."""

from collections.abc import Callable
from dataclasses import replace

from desktop.domain import registers as rules
from desktop.services import register_notes, register_settings, register_totals
from desktop.services import registers as register_service
from desktop.ui import officer_import_action
from desktop.ui.attendance import add_attendance_tab
from desktop.ui.lazy_tab import REGISTER_TABS
from desktop.ui.matter_spec import MATTER_PAGE
from desktop.ui.page_spec import (
    Column,
    PageContext,
    PageSpec,
    deadline_note,
)
from desktop.ui.page_spec import attr as _attr
from desktop.ui.page_spec import date_text as _date
from desktop.ui.page_spec import deadline_text as _deadline_text
from desktop.ui.publicity_spec import PUBLICITY_PAGE

CONTRACT_NOTICE_DAYS = 30


def _review_note(ctx: PageContext) -> tuple:
    calendar = register_settings.user_calendar(ctx.store)

    def note(values: dict) -> str:
        if values["received_on"] is None:
            return "审查期限：填写收件日期后显示。"
        review = rules.LegalityReview(received_on=values["received_on"], time_limit_days=values["time_limit_days"],
                                      extension_days=values["extension_days"] or 0, category=values["category"])
        if review.category == "重大行政决策":  # 条例 Art.26: the least time the reviewer must be given
            floor = rules.checks.earliest_discussion(review, calendar)
            return deadline_note("应保证的审查时间至", floor) + "（一般不少于7个工作日，《重大行政决策程序暂行条例》第26条；此前不宜提交集体讨论）"
        return deadline_note("审查期限", rules.review_deadline(review, calendar))
    return "extension_days", note


def _case_note(ctx: PageContext) -> tuple:
    calendar = register_settings.user_calendar(ctx.store)

    def note(values: dict) -> str:
        if values["publicity_exempt_reason"].strip():
            return "公示期限：已填写不予公示理由，无需公示。"
        if values["decision_on"] is None:
            return "公示期限：填写决定日期后显示。"
        case = rules.EnforcementCase(decision_on=values["decision_on"], publicity_days=values["publicity_days"])
        return deadline_note("公示期限", rules.publicity_deadline(case, calendar))
    return "publicity_days", note


# ----- 合法性审查
def _review_extra(ctx: PageContext) -> dict:
    calendar = register_settings.user_calendar(ctx.store)
    reviews = register_service.list_entries(ctx.store, rules.REVIEW, ctx.ledger_id)
    return {"due": {r.id: register_service.review_due(ctx.store, r, calendar) for r in reviews}, "today": ctx.today}


def _review_due_text(review, extra) -> str:
    """A 重大行政决策's date is the least time the reviewer must be given (条例 Art.26), not a deadline."""
    text = _deadline_text(extra["due"].get(review.id))
    return f"应保证审查至 {text}" if text and review.category == "重大行政决策" else text


def _review_state(review, extra) -> str:
    if review.category == "重大行政决策":  # Art.26's 7 working days are a floor, not a deadline
        return rules.review_status(review, extra["due"].get(review.id), extra["today"])
    due = extra["due"].get(review.id)
    if review.opinion_on:
        late = due is not None and review.opinion_on > due.due
        return "已出具意见（超期）" if late else "已出具意见"
    if due is not None and due.due < extra["today"]:
        return f"已逾期 {(extra['today'] - due.due).days} 天"
    return "审查中"


def _review_totals(ctx: PageContext) -> str:
    totals = register_totals.yearly_totals(ctx.store, ctx.ledger_id)
    parts = "、".join(f"{k} {v} 件" for k, v in totals.reviews_by_category.items() if v)
    return f"本年度合法性审查共 {sum(totals.reviews_by_category.values())} 件" + (f"：{parts}" if parts else "")


REVIEW_PAGE = PageSpec(
    entity=rules.REVIEW, title=REGISTER_TABS[rules.REVIEW], noun="审查登记",
    columns=(_attr(rules.REVIEW, "received_on"), _attr(rules.REVIEW, "category", 130),
             _attr(rules.REVIEW, "title", 320), _attr(rules.REVIEW, "submitted_by", 160),
             Column("审查期限", _review_due_text, 170),
             _attr(rules.REVIEW, "reviewer", 140), _attr(rules.REVIEW, "reviewer_qualified", 100),
             _attr(rules.REVIEW, "opinion", 110), _attr(rules.REVIEW, "opinion_on"),
             Column("状态", _review_state, 150), _attr(rules.REVIEW, "adoption", 100),
             _attr(rules.REVIEW, "discussed_on"), _attr(rules.REVIEW, "adviser_consulted"),
             _attr(rules.REVIEW, "note")),
    totals=_review_totals, extra=_review_extra,
    enabled_if={name: ("category", "重大行政决策") for name, _label in rules.DECISION_PROCEDURES},
    warnings=rules.review_warnings,
    follows=lambda ctx: {"time_limit_days": ("category", register_settings.review_days(ctx.store))},
    live_note=_review_note,
    defaults=lambda ctx: {"received_on": ctx.today})


# ----- 行政执法案件
def _case_extra(ctx: PageContext) -> dict:
    calendar = register_settings.user_calendar(ctx.store)
    cases = register_service.list_entries(ctx.store, rules.CASE, ctx.ledger_id)
    officers = {o.name: o for o in register_service.list_entries(ctx.store, rules.OFFICER, ctx.ledger_id)}
    return {"verdicts": register_service.case_verdicts(ctx.store, ctx.ledger_id, ctx.today),
            "due": {c.id: register_service.publicity_due(ctx.store, c, calendar) for c in cases},
            "warnings": {c.id: "；".join(rules.checks.case_warnings(c, officers, calendar).values()) for c in cases}}


def _check(index: int) -> Callable:
    def show(case, extra) -> str:
        verdict = extra["verdicts"].get(case.id)
        if verdict is None:
            return ""
        check = verdict.checks[index]
        return f"{check.mark} {check.text}"
    return show


def _case_totals(ctx: PageContext) -> str:
    verdicts = register_service.case_verdicts(ctx.store, ctx.ledger_id, ctx.today)
    failing = sum(1 for v in verdicts.values() if not v.ok)
    officers = register_service.list_entries(ctx.store, rules.OFFICER, ctx.ledger_id)
    return (f"本年度行政执法案件 {len(verdicts)} 件，三项制度均无问题 {len(verdicts) - failing} 件，"
            f"有未落实项 {failing} 件（✓ 已落实　✗ 未落实　… 尚未到期　— 不适用）。"
            + rules.checks.reviewer_ratio_text(officers))


def _review_refs(ctx: PageContext) -> dict:
    reviews = register_service.list_entries(ctx.store, rules.REVIEW, ctx.ledger_id)
    return {"legality_review_id": [(r.id, f"{_date(r.received_on)} {r.title}（{r.category}）") for r in reviews]}


CASE_PAGE = PageSpec(
    entity=rules.CASE, title=REGISTER_TABS[rules.CASE], noun="执法案件",
    # the three systems at a glance right after the decision; the 行政处罚法 details after them
    columns=(_attr(rules.CASE, "case_no", 240), _attr(rules.CASE, "kind", 90), _attr(rules.CASE, "title", 260),
             _attr(rules.CASE, "party", 160), _attr(rules.CASE, "decision_on"), _attr(rules.CASE, "is_major", 110),
             Column("公示期限", lambda e, x: _deadline_text(x["due"].get(e.id)), 170),
             Column("公示", _check(0), 300), Column("全过程记录", _check(1), 260), Column("法制审核", _check(2), 260),
             Column("办案提示", lambda e, x: x["warnings"].get(e.id, ""), 300),
             _attr(rules.CASE, "filed_on"), _attr(rules.CASE, "case_officers", 160),
             _attr(rules.CASE, "no_penalty", 80), _attr(rules.CASE, "fine_amount", 110),
             _attr(rules.CASE, "transferred_to", 130),
             _attr(rules.CASE, "revision", 110), _attr(rules.CASE, "revised_on"), _attr(rules.CASE, "withdrawn_on"),
             _attr(rules.CASE, "note")),
    totals=_case_totals, extra=_case_extra, refs=_review_refs,
    follows=lambda ctx: {"publicity_days": ("kind", register_settings.publicity_days(ctx.store))},
    live_note=_case_note,
    defaults=lambda ctx: {"decision_on": ctx.today})


# ----- 法律顾问 and their services
def _contract_state(adviser, extra) -> str:
    end = adviser.contract_end
    if end is None:
        return ""
    left = (end - extra["today"]).days
    if left < 0:
        return "聘期已结束"
    return f"{left} 天后到期" if left <= CONTRACT_NOTICE_DAYS else "在聘"


ADVISER_PAGE = PageSpec(
    entity=rules.ADVISER, title=REGISTER_TABS[rules.ADVISER], noun="法律顾问",
    columns=(_attr(rules.ADVISER, "name", 120), _attr(rules.ADVISER, "firm", 260), _attr(rules.ADVISER, "adviser_type", 140),
             _attr(rules.ADVISER, "contract_start"), _attr(rules.ADVISER, "contract_end"),
             Column("聘期状态", _contract_state, 130), _attr(rules.ADVISER, "contact", 180), _attr(rules.ADVISER, "scope")),
    extra=lambda ctx: {"today": ctx.today})


def _adviser_refs(ctx: PageContext) -> dict:
    advisers = register_service.list_entries(ctx.store, rules.ADVISER, ctx.ledger_id)
    return {"adviser_id": [(a.id, a.display_title) for a in advisers]}


def _service_totals(ctx: PageContext) -> str:
    totals = register_totals.yearly_totals(ctx.store, ctx.ledger_id)
    parts = "；".join(f"{kind} " + "、".join(f"{n} {unit}" for unit, n in units.items())
                     for kind, units in totals.adviser_services.items())
    return (f"本年度法律顾问服务 {totals.adviser_service_count} 条记录，意见被采纳（含部分采纳） {totals.adviser_adopted_count} 条"
            + (f"。分类合计：{parts}" if parts else ""))


SERVICE_PAGE = PageSpec(
    entity=rules.SERVICE, title=REGISTER_TABS[rules.SERVICE], noun="服务记录",
    columns=(_attr(rules.SERVICE, "served_on"),
             Column(rules.field_label(rules.SERVICE, "adviser_id"), lambda e, x: x["advisers"].get(e.adviser_id, ""), 200), _attr(rules.SERVICE, "kind", 140),
             _attr(rules.SERVICE, "served_party", 100), _attr(rules.SERVICE, "subject", 320),
             Column(rules.field_label(rules.SERVICE, "quantity"), lambda e, _x: f"{e.quantity} {e.unit}", 100),
             _attr(rules.SERVICE, "adoption", 100), _attr(rules.SERVICE, "note")),
    totals=_service_totals, refs=_adviser_refs,
    follows=lambda ctx: {"unit": ("kind", {k: rules.default_service_unit(k) for k in rules.SERVICE_KINDS})},
    extra=lambda ctx: {"advisers": dict(_adviser_refs(ctx)["adviser_id"])},
    defaults=lambda ctx: {"served_on": ctx.today})


# ----- 学法培训 and enforcement officers
def _training_totals(ctx: PageContext) -> str:
    totals = register_totals.yearly_totals(ctx.store, ctx.ledger_id)
    checks = "；".join(f"{c.label} {c.value:g}/{c.target:g} {'✓' if c.met else '✗ 未达标'}"
                      for c in totals.training_targets)
    return f"年度目标：{checks}。" + rules.officer_hours_verdict(totals.officer_hours)


def _officer_hours(ctx: PageContext) -> dict:
    totals = register_totals.yearly_totals(ctx.store, ctx.ledger_id)
    return {"hours": {o.officer_id: o for o in totals.officer_hours}}


def _hours_text(officer, extra) -> str:
    found = extra["hours"].get(officer.id)
    if found is None:
        return ""
    return f"{found.hours:g}" + (f"（差 {found.short_by:g}）" if found.short_by else " ✓")


TRAINING_PAGE = PageSpec(
    entity=rules.TRAINING, title=REGISTER_TABS[rules.TRAINING], noun="学法培训",
    columns=(_attr(rules.TRAINING, "held_on"), _attr(rules.TRAINING, "kind", 150), _attr(rules.TRAINING, "topic", 320), _attr(rules.TRAINING, "speaker", 220),
             _attr(rules.TRAINING, "hours", 80), _attr(rules.TRAINING, "officer_training", 120),
             Column("执法人员参训", lambda e, _x: f"{len(e.attendance)} 人" if e.attendance else "", 130),
             _attr(rules.TRAINING, "participants")),
    totals=_training_totals, defaults=lambda ctx: {"held_on": ctx.today},
    extend_dialog=lambda dialog, ctx, entry: add_attendance_tab(dialog, ctx, entry),
    extra_values=lambda dialog: {"attendance": dialog.attendance.pairs()})

OFFICER_PAGE = PageSpec(
    entity=rules.OFFICER, title=REGISTER_TABS[rules.OFFICER], noun="执法人员",
    columns=(_attr(rules.OFFICER, "name", 120), _attr(rules.OFFICER, "certificate_no", 220), _attr(rules.OFFICER, "department", 220),
             _attr(rules.OFFICER, "certificate_expires"), _attr(rules.OFFICER, "legal_reviewer", 100),
             _attr(rules.OFFICER, "legal_qualification", 120),
             _attr(rules.OFFICER, "active", 80), Column("本年度培训学时", _hours_text, 160),
             _attr(rules.OFFICER, "note")),
    totals=lambda ctx: _training_totals(ctx) + "\n" + rules.checks.reviewer_ratio_text(
        register_service.list_entries(ctx.store, rules.OFFICER, ctx.ledger_id)),
    extra=_officer_hours, actions=((officer_import_action.BUTTON, officer_import_action.import_officers),))

def _with_notes(spec: PageSpec) -> PageSpec:
    """Every form warns beside its fields as they are typed (a date outside the year, the statutes' checks)."""
    extend = spec.extend_dialog

    def extend_dialog(dialog, ctx, entry):
        dialog.set_field_notes(register_notes.form_notes(ctx.store, ctx.ledger_id, spec.entity))
        if extend is not None:
            extend(dialog, ctx, entry)
    return replace(spec, extend_dialog=extend_dialog)


PAGES = tuple(_with_notes(p) for p in (REVIEW_PAGE, CASE_PAGE, ADVISER_PAGE, SERVICE_PAGE, TRAINING_PAGE,
                                       OFFICER_PAGE, MATTER_PAGE, PUBLICITY_PAGE))
SPECS = {spec.entity: spec for spec in PAGES}
