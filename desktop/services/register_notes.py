"""The warnings a register form shows beside its fields while the officer types (the entry may still be
saved): a date outside the ledger's year, and what the statutes check (desktop.domain.registers.checks)."""

from collections.abc import Callable

from desktop.domain import registers as rules
from desktop.services import ledgers, register_settings, registers
from desktop.store.store import Store

Notes = Callable[[dict], dict[str, str]]


def form_notes(store: Store, ledger_id: int, entity: str) -> Notes:
    """values (every field of the form) → {field: warning}."""
    year = ledgers.get_ledger(store, ledger_id).year
    calendar = register_settings.user_calendar(store)
    statute = _STATUTE_NOTES.get(entity)
    context = statute[1](store, ledger_id) if statute else None

    def notes(values: dict) -> dict[str, str]:
        found = rules.checks.year_warnings(entity, values, year)
        if statute is not None:
            try:
                record = rules.ENTRY_CLASSES[entity](**values)
            except TypeError:  # a form without every field (never in the app): no statute notes
                return found
            for name, text in statute[0](record, context, calendar).items():
                found[name] = "\n".join(x for x in (found.get(name), text) if x)
        return found

    return notes


def _review_notes(review, _context, calendar) -> dict[str, str]:
    found = {}
    timing = rules.checks.decision_review_warnings(review, calendar)
    if timing:
        found["discussed_on" if review.discussed_on else "opinion_on"] = "\n".join(timing)
    qualification = rules.checks.legal_review_warnings(review)
    if qualification:
        found["reviewer_qualified"] = qualification[0]
    return found


def _officers_by_name(store: Store, ledger_id: int) -> dict:
    return {o.name: o for o in registers.list_entries(store, rules.OFFICER, ledger_id)}


_STATUTE_NOTES = {rules.REVIEW: (_review_notes, lambda store, ledger_id: None),
                  rules.CASE: (rules.checks.case_warnings, _officers_by_name)}
