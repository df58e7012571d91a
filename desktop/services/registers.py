"""The registers (专项台账) as use cases: add, edit, delete and list entries of any register, their links to
ledger items and evidence, deadlines and verdicts (settings: register_settings; totals: register_totals).

Every entry belongs to one year ledger; every write is one transaction, refused on a locked ledger, and
logged field by field. Entities: legality_review, enforcement_case, adviser, adviser_service, training,
enforcement_officer (desktop.domain.registers.ENTITIES).
"""

import json
from datetime import date
from functools import cached_property

from desktop.domain import registers as rules
from desktop.domain.errors import UserError, ValidationError
from desktop.domain.models import Evidence
from desktop.domain.workdays import Deadline, UserCalendar
from desktop.services import evidence as evidence_service
from desktop.services import ledger_rules
from desktop.services.ledgers import ensure_writable
from desktop.services.register_settings import publicity_days, review_days, user_calendar
from desktop.store import change_log, operations, registers_repo
from desktop.store.operations import Changes
from desktop.store.store import Store

# --- entries -----------------------------------------------------------------------------------------

# (field, the field it follows, default by value): a review's time limit follows its category, a case's
# publicity limit its kind, a service's unit its kind — unless the officer changed them
_FOLLOWS = {rules.REVIEW: ("time_limit_days", "category", review_days),
            rules.CASE: ("publicity_days", "kind", publicity_days),
            rules.SERVICE: ("unit", "kind", lambda _s: {k: rules.default_service_unit(k) for k in rules.SERVICE_KINDS})}


def _dependent_default(store: Store, entity: str) -> tuple[str, str, dict] | None:
    found = _FOLLOWS.get(entity)
    return (found[0], found[1], found[2](store)) if found else None


def defaulted_field(entity: str) -> str | None:
    """The required field add() fills from another when it is left empty (a case's 公示时限 from its kind)."""
    found = _FOLLOWS.get(entity)
    return found[0] if found else None


def _with_defaults(store: Store, entity: str, raw: dict, before: dict | None) -> dict:
    rule = _dependent_default(store, entity)
    if rule is None:
        return raw
    name, driver, defaults = rule
    follows = before is None or before.get(name) == defaults.get(before.get(driver))
    if raw.get(name) in (None, "") or (follows and before is not None and raw.get(name) == before.get(name)):
        return {**raw, name: defaults.get(raw.get(driver), raw.get(name))}
    return raw


def get(store: Store, entity: str, entry_id: int):
    found = registers_repo.get(store.db, entity, entry_id)
    if found is None:
        raise UserError(f"找不到该{rules.REGISTER_LABELS[entity]}记录，可能已被删除。")
    return found


def list_entries(store: Store, entity: str, ledger_id: int) -> list:
    return registers_repo.for_ledger(store.db, entity, ledger_id)


def _named(entity: str, title: str) -> str:
    return f"{rules.REGISTER_LABELS[entity]}“{title}”"


def add(store: Store, entity: str, ledger_id: int, fields: dict, *, today: date | None = None) -> Changes:
    """fields: the entry's fields by name; optional item_ids (else the default links) and, for a training,
    attendance as (officer id, hours or None) pairs. One operation; the new id is in .result."""
    ensure_writable(store, ledger_id)
    create = _creator(store, entity, ledger_id, _LedgerLinks(store, ledger_id), today)
    values = validated(store, entity, ledger_id, fields, today=today)  # refused before the operation begins

    def create_one(op):
        entry_id = create(op, fields, values)
        op.relabel("添加" + _named(entity, registers_repo.get(store.db, entity, entry_id).display_title))
        return entry_id

    return operations.run(store.db, "添加" + rules.REGISTER_LABELS[entity], create_one, ledger_id)


def add_many(store: Store, entity: str, ledger_id: int, rows: list[dict], label: str, *,
             today: date | None = None) -> Changes:
    """Many entries (each as add() takes it) in one operation, one undo step named label; .result is how
    many. The ledger's links are read once, not per entry; a bad entry adds none."""
    ensure_writable(store, ledger_id)
    create = _creator(store, entity, ledger_id, _LedgerLinks(store, ledger_id), today)

    def create_all(op):
        for fields in rows:
            create(op, fields, validated(store, entity, ledger_id, fields, today=today))
        return len(rows)

    return operations.run(store.db, label, create_all, ledger_id)


def _creator(store: Store, entity: str, ledger_id: int, links: "_LedgerLinks", today: date | None):
    """create(op, fields, values) -> the new entry's id: its item links (the given or the default ones) and
    attendance checked, then stored."""
    def create(op, fields: dict, values: dict) -> int:
        item_ids = fields["item_ids"] if "item_ids" in fields else links.defaults(entity, values)
        _check_items(store, ledger_id, item_ids)
        attendance = _attendance(store, ledger_id, fields.get("attendance", ()), values)
        return registers_repo.create(op, entity, ledger_id, values, item_ids, attendance)
    return create


def validated(store: Store, entity: str, ledger_id: int, fields: dict, *, today: date | None = None) -> dict:
    """The values add() would store for these fields (defaults filled, checked as the entry form checks
    them, references and 案件编号 against the ledger), or ValidationError; reads only."""
    _refuse_unknown(entity, fields)
    values = rules.validate(entity, _with_defaults(store, entity, fields, None), today or date.today())
    _check_references(store, entity, ledger_id, values, None)
    return values


def edit(store: Store, entity: str, entry_id: int, changes: dict, *, today: date | None = None) -> Changes:
    """Change some fields (others keep their value). Links that still are the defaults follow the entry;
    links the officer chose stay. One operation; .result is how many fields changed."""
    _refuse_unknown(entity, changes)
    current = get(store, entity, entry_id)
    ensure_writable(store, current.ledger_id)
    before = {f.name: getattr(current, f.name) for f in rules.column_fields(entity)}
    raw = _with_defaults(store, entity, {**before, **changes}, before)
    values = rules.validate(entity, raw, today or date.today())
    _check_references(store, entity, current.ledger_id, values, entry_id)
    if "item_ids" in changes:
        item_ids = list(changes["item_ids"])
    elif sorted(current.item_ids) == default_item_ids(store, current.ledger_id, entity, before):
        item_ids = default_item_ids(store, current.ledger_id, entity, values)
    else:
        item_ids = list(current.item_ids)
    _check_items(store, current.ledger_id, item_ids)
    attendance = current.attendance if entity == rules.TRAINING else ()
    if "attendance" in changes:
        attendance = _attendance(store, current.ledger_id, changes["attendance"], values)
    return operations.run(
        store.db, "修改" + _named(entity, current.display_title),
        lambda op: registers_repo.edit(op, entity, entry_id, values, item_ids, attendance), current.ledger_id)


def delete(store: Store, entity: str, entry_id: int) -> Changes:
    """Delete an entry (kept in the change log). Evidence that documents it stays with its ledger items."""
    current = get(store, entity, entry_id)
    ensure_writable(store, current.ledger_id)
    count, noun = registers_repo.reference_count(store.db, entity, entry_id)
    if count:
        raise UserError(f"该{rules.REGISTER_LABELS[entity]}记录已有 {count} {noun}，不能删除；"
                        f"请先修改或删除这些记录。")
    return operations.run(store.db, "删除" + _named(entity, current.display_title),
                          lambda op: registers_repo.delete(op, entity, entry_id), current.ledger_id)


def history(store: Store, entity: str, entry_id: int) -> list[dict]:
    return change_log.history(store.db, entity, entry_id)


def _refuse_unknown(entity: str, fields: dict) -> None:
    """A misspelt field name would be dropped silently: that is a programming error."""
    known = {f.name for f in rules.column_fields(entity)} | {"item_ids"}
    known |= {"attendance"} if entity == rules.TRAINING else set()
    unknown = set(fields) - known
    if unknown:
        raise ValueError(f"{entity} has no field {', '.join(sorted(unknown))}")


def _check_references(store: Store, entity: str, ledger_id: int, values: dict, entry_id: int | None) -> None:
    refs = {rules.CASE: ("legality_review_id", rules.REVIEW), rules.SERVICE: ("adviser_id", rules.ADVISER)}
    if entity in refs:
        name, target = refs[entity]
        ref = values[name]
        if ref is not None and not registers_repo.visible_from(store.db, target, ledger_id, [ref]):
            raise ValidationError(name, f"所选{rules.field_label(entity, name)}不在本年度台账中。")
    if entity == rules.CASE and registers_repo.case_no_taken(store.db, ledger_id, values["case_no"], entry_id):
        raise ValidationError("case_no", f"案件编号“{values['case_no']}”已登记过。")


def _check_items(store: Store, ledger_id: int, item_ids) -> None:
    ledgers_of = registers_repo.ledger_of_items(store.db, list(item_ids))
    if any(ledgers_of.get(i) != ledger_id for i in item_ids):
        raise ValidationError("item_ids", "关联的台账条目不在本年度台账中。")


def _attendance(store: Store, ledger_id: int, rows, values: dict) -> tuple:
    if not rows:
        return ()
    pairs = [(r.officer_id, r.hours) if isinstance(r, rules.Attendance) else tuple(r) for r in rows]
    found = rules.validate_attendance(pairs, values.get("hours") or 0.0)
    ids = [a.officer_id for a in found]
    if registers_repo.visible_from(store.db, rules.OFFICER, ledger_id, ids) != set(ids):
        raise ValidationError("attendance", "参训人员不在本年度执法人员名册中。")
    return found


# --- links to ledger items and evidence ----------------------------------------------------------------

class _LedgerLinks:
    """A ledger's item codes and its template's rules, read when first needed and then once for as many
    entries as are added."""

    def __init__(self, store: Store, ledger_id: int):
        self.store, self.ledger_id = store, ledger_id

    @cached_property
    def by_code(self) -> dict[str, int]:
        return registers_repo.item_ids_by_code(self.store.db, self.ledger_id)

    @cached_property
    def declared(self) -> ledger_rules.LedgerRules:  # the rules of the ledger's template
        return ledger_rules.of_ledger(self.store, self.ledger_id)

    def defaults(self, entity: str, values: dict) -> list[int]:
        codes = rules.default_item_codes(self.declared.rules, self.declared.code_of_key, entity, values)
        return sorted({self.by_code[c] for c in codes if c in self.by_code})


def default_item_ids(store: Store, ledger_id: int, entity: str, values: dict) -> list[int]:
    """The ledger items an entry proves by default (matched by item code; codes a template lacks skipped)."""
    return _LedgerLinks(store, ledger_id).defaults(entity, values)


def set_item_links(store: Store, entity: str, entry_id: int, item_ids) -> Changes:
    return edit(store, entity, entry_id, {"item_ids": list(item_ids)})


def add_evidence(store: Store, entity: str, entry_id: int, *, files=(), title: str | None = None,
                 kind: str | None = None, formed_on: date | None = None, description: str = "",
                 item_ids=None, today: date | None = None) -> Changes:
    """A new evidence entry (with files) documenting the entry; it proves the entry's items unless told.
    Title, kind and date default from the entry. One operation; the evidence id is in .result."""
    entry = get(store, entity, entry_id)
    today = today or date.today()
    item_ids = list(entry.item_ids if item_ids is None else item_ids)
    if not item_ids:
        raise UserError("请先为该登记记录关联至少一个台账条目，再添加佐证材料。")
    title = title or f"{rules.REGISTER_LABELS[entity]}：{entry.display_title}"

    def add_and_link(op):
        evidence_id = evidence_service.add(
            store, entry.ledger_id, title=title, kind=kind or rules.EVIDENCE_KIND[entity],
            formed_on=formed_on or min(entry.display_date or today, today), description=description,
            item_ids=item_ids, files=files, today=today).result
        registers_repo.link_evidence(op, entity, entry_id, evidence_id)
        return evidence_id

    return operations.run(store.db, f"添加佐证“{title}”", add_and_link, entry.ledger_id)


def save_entry(store: Store, entity: str, ledger_id: int, entry_id: int | None, fields: dict, *, files=(),
               today: date | None = None) -> Changes:
    """The entry form's 保存: the entry added (entry_id None) or edited, and its new files stored as evidence,
    in one operation — one undo step; a refused file leaves nothing saved. .result is the entry's id."""
    def save(op):
        if entry_id is None:
            saved = add(store, entity, ledger_id, fields, today=today).result
            op.relabel("添加" + _named(entity, get(store, entity, saved).display_title))
        else:
            saved = entry_id
            edit(store, entity, entry_id, fields, today=today)
        if files:
            add_evidence(store, entity, saved, files=files, today=today)
        return saved

    label = "修改" + _named(entity, get(store, entity, entry_id).display_title) if entry_id is not None \
        else "添加" + rules.REGISTER_LABELS[entity]
    return operations.run(store.db, label, save, ledger_id)


def link_evidence(store: Store, entity: str, entry_id: int, evidence_id: int) -> Changes:
    entry = get(store, entity, entry_id)
    ensure_writable(store, entry.ledger_id)
    found = evidence_service.get(store, evidence_id)
    if found.ledger_id != entry.ledger_id:
        raise UserError("该佐证材料不属于本年度台账。")
    return operations.run(store.db, f"关联佐证“{found.title}”到{_named(entity, entry.display_title)}",
                          lambda op: registers_repo.link_evidence(op, entity, entry_id, evidence_id),
                          entry.ledger_id)


def unlink_evidence(store: Store, entity: str, entry_id: int, evidence_id: int) -> Changes:
    entry = get(store, entity, entry_id)
    ensure_writable(store, entry.ledger_id)
    found = registers_repo.evidence_title(store.db, evidence_id)
    return operations.run(store.db, f"取消佐证“{found}”与{_named(entity, entry.display_title)}的关联",
                          lambda op: registers_repo.unlink_evidence(op, entity, entry_id, evidence_id),
                          entry.ledger_id)


def entry_evidence(store: Store, entity: str, entry_id: int) -> list[Evidence]:
    """The evidence entries (with their attachments) documenting a register entry."""
    return [evidence_service.get(store, e) for e in registers_repo.evidence_ids(store.db, entity, entry_id)]


def entries_for_evidence(store: Store, evidence_id: int) -> list[tuple[str, int]]:
    """(entity, id) of the register entries an evidence entry documents."""
    return registers_repo.entries_for_evidence(store.db, evidence_id)


def register_evidence_for_item(store: Store, ledger_item_id: int) -> list[dict]:
    """Register entries linked to a ledger item, as rows for its evidence table, newest first:
    {date, title, kind (the register's name), entity, id, files}."""
    by_entity: dict[str, list[int]] = {}
    for entity, entry_id in registers_repo.links_for_item(store.db, ledger_item_id):
        by_entity.setdefault(entity, []).append(entry_id)
    rows = []
    for entity, ids in by_entity.items():
        files = registers_repo.file_counts(store.db, entity, ids)
        for entry_id in ids:
            entry = registers_repo.get(store.db, entity, entry_id)
            rows.append({"date": entry.display_date, "title": entry.display_title,
                         "kind": rules.REGISTER_LABELS[entity], "entity": entity, "id": entry_id,
                         "files": files.get(entry_id, 0)})
    rows.sort(key=lambda r: (r["date"] or date.min, r["entity"], r["id"]), reverse=True)
    return rows


# --- deadlines and verdicts ------------------------------------------------------------------------------

def review_due(store: Store, review: rules.LegalityReview, calendar: UserCalendar | None = None) -> Deadline:
    return rules.review_deadline(review, calendar if calendar is not None else user_calendar(store))


def publicity_due(store: Store, case: rules.EnforcementCase,
                  calendar: UserCalendar | None = None) -> Deadline | None:
    return rules.publicity_deadline(case, calendar if calendar is not None else user_calendar(store))


def case_verdicts(store: Store, ledger_id: int, today: date) -> dict[int, rules.CaseVerdict]:
    """Case id → which of the three enforcement systems the case satisfies."""
    calendar = user_calendar(store)
    reviews = {r.id: r for r in list_entries(store, rules.REVIEW, ledger_id)}
    return {case.id: rules.case_verdict(case, rules.publicity_deadline(case, calendar),
                                        reviews.get(case.legality_review_id), today)
            for case in list_entries(store, rules.CASE, ledger_id)}


# --- the lock seal ---------------------------------------------------------------------------------------

def seal_content(store: Store, ledger_id: int) -> dict:
    """Every register entry of a ledger in a canonical form without row ids (links as item codes,
    references by name), for the SHA-256 a lock seals: {entity: sorted list of entries}."""
    codes = {i: c for c, i in registers_repo.item_ids_by_code(store.db, ledger_id).items()}
    entries = {e: list_entries(store, e, ledger_id) for e in rules.ENTITIES}
    names = {e: {x.id: x.display_title for x in entries[e]} for e in (rules.REVIEW, rules.ADVISER, rules.OFFICER)}
    for entity in registers_repo.UNIT_PEOPLE:  # the unit's people sealed with the year that entered them
        entries[entity] = [x for x in entries[entity] if x.ledger_id == ledger_id]
    refs = {"legality_review_id": names[rules.REVIEW], "adviser_id": names[rules.ADVISER]}
    content = {}
    for entity, found in entries.items():
        rows = []
        for entry in found:
            row = registers_repo.snapshot(entity, entry)
            row["item_ids"] = sorted(codes.get(i, "") for i in entry.item_ids)
            for key, by_id in refs.items():
                if key in row:
                    row[key] = by_id.get(row[key])
            if entity == rules.TRAINING:
                row["attendance"] = sorted([names[rules.OFFICER].get(o), h] for o, h in row["attendance"])
            rows.append(row)
        content[entity] = sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True))
    return content
