"""One ledger as every output sees it, read once per export in one read transaction: items with both
dimensions (进度, 落实结果), indicator values and evidence counts; evidence with its files; register entries
with their links, deadlines and verdicts; the register totals, indicators and part tallies; and the uids
that let a workbook (or a binder, or a report) name what it came from. Immutable: the workbook, the
执法统计年报, the self-test's read-back and the outputs to come read only this."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from types import MappingProxyType

from desktop.domain import progress
from desktop.domain import registers as rules
from desktop.domain.models import Indicator, Ledger
from desktop.domain.workdays import Deadline
from desktop.services import ledgers, register_settings, register_totals, registers
from desktop.store import snapshot_repo
from desktop.store.store import Store

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class Item:
    """A ledger item (a part too: level "part"); the field names are LedgerItem's, so the progress rules
    read it as they read the window's items."""

    id: int
    uid: str
    key: str  # the template node's key: the same item in another year or version of the template
    parent_id: int | None
    level: str
    code: str
    title: str
    obligation: str
    basis: str
    evidence_kinds: tuple[str, ...]
    applicability: str
    note: str
    indicators: tuple[Indicator, ...]
    progress: str
    result: str  # as stored; effective_result is what every view shows
    na_reason: str  # as stored; shown_na_reason is what every view shows
    department: str
    owner: str
    due_date: date | None
    remark: str
    indicator_values: Mapping[str, float]
    evidence_count: int
    last_evidence_on: date | None  # of its evidence and register entries; None also in a snapshot without evidence
    part_id: int | None
    part_title: str

    @property
    def effective_result(self) -> str:
        return progress.effective_result(self)

    @property
    def shown_na_reason(self) -> str:
        return progress.na_reason(self)

    @property
    def is_checklist_item(self) -> bool:
        return progress.is_checklist_item(self.level)


@dataclass(frozen=True)
class File:
    id: int
    uid: str
    sha256: str
    name: str
    size: int
    media_type: str
    stored_name: str | None  # its name in the managed store (the binder copies it from there)


@dataclass(frozen=True)
class EvidenceEntry:
    """An evidence entry as outputs list it (its 说明 is searched in the window, never printed: not read)."""

    id: int
    uid: str
    formed_on: date
    title: str
    kind: str
    item_ids: tuple[int, ...]
    files: tuple[File, ...]
    documents: tuple[tuple[str, int], ...]  # (register entity, entry id) it is filed under


@dataclass(frozen=True)
class Entry:
    """A register entry with its uid and its 序号 (position in its register, from 1)."""

    entity: str
    number: int
    uid: str
    record: object  # the register's frozen dataclass (LegalityReview, EnforcementCase, …)

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def item_ids(self) -> tuple[int, ...]:
        return self.record.item_ids


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of one item: which (item uid, indicator key), and its figure against the target."""

    item_id: int
    item_uid: str
    key: str
    status: register_totals.IndicatorStatus


@dataclass(frozen=True)
class LedgerSnapshot:
    ledger: Ledger
    ledger_uid: str
    unit_uid: str
    template_key: str
    template_version: str
    today: date
    taken_at: datetime
    items: tuple[Item, ...]  # display order, parts included
    evidence: tuple[EvidenceEntry, ...]  # oldest first (only those of evidence_scope, when one is set)
    evidence_total: int  # every evidence entry of the ledger, read or not
    evidence_scope: frozenset[int] | None  # the items whose evidence was read; None: every item's
    evidence_by_id: Mapping[int, EvidenceEntry]
    item_evidence: Mapping[int, tuple[int, ...]]  # item id → its evidence ids, oldest first
    registers: Mapping[str, tuple[Entry, ...]]  # every register, an empty one too
    review_deadlines: Mapping[int, Deadline]
    publicity_deadlines: Mapping[int, Deadline | None]
    verdicts: Mapping[int, rules.CaseVerdict]  # enforcement case id → its three-system verdict
    totals: register_totals.YearTotals
    indicators: tuple[IndicatorRow, ...]  # display order
    part_tallies: Mapping[int, progress.Tally]
    overall: progress.Tally
    officer_hours_target: float
    report_texts: Mapping[tuple[str, str], str]  # the annual report's own text: (section, part code) → text
    signers: Mapping[str, str]  # 填报人 (preparer) and 审核人 (reviewer) of the workbook's cover
    log_position: int  # the change log's last row when read: what a workbook of it knows, exactly

    @property
    def template_name(self) -> str:
        return self.ledger.template_name

    def parts(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.level == "part")

    def checklist(self) -> tuple[Item, ...]:
        """The 条目: every item and sub-item (parts are headings)."""
        return tuple(i for i in self.items if i.is_checklist_item)

    def evidence_of(self, item_id: int) -> tuple[EvidenceEntry, ...]:
        if self.evidence_scope is not None and item_id not in self.evidence_scope:
            raise LookupError(f"the snapshot was taken without the evidence of item {item_id}")
        return tuple(self.evidence_by_id[e] for e in self.item_evidence.get(item_id, ()))

    def entries(self, entity: str) -> tuple[Entry, ...]:
        return self.registers[entity]

    def entry(self, entity: str, entry_id: int | None) -> Entry | None:
        return next((e for e in self.registers[entity] if e.id == entry_id), None)

    def row_count(self) -> int:
        """Rows of every register sheet (for progress)."""
        return sum(len(entries) for entries in self.registers.values())


def no_evidence(_snap) -> tuple[int, ...]:
    """evidence_for of an output that shows no evidence (the 执法统计年报, the round trip's comparison)."""
    return ()


def take(store: Store, ledger_id: int, today: date | None = None, *, evidence_for=None) -> LedgerSnapshot:
    """Read the ledger once, in one read transaction: what the outputs show is one state of the data.
    evidence_for(snapshot) → item ids: read the evidence of only those items (the report quotes a few items'
    evidence, the 执法统计年报 none; the workbook and the binder read all: evidence_for None)."""
    today = today or date.today()
    with snapshot_repo.consistent_read(store.db):
        if evidence_for is None:
            return _read(store, ledger_id, today, with_evidence=True)
        snap = _read(store, ledger_id, today, with_evidence=False)
        scope = frozenset(evidence_for(snap))
        evidence, item_evidence = _evidence(store, ledger_id, scope) if scope else ((), {})
        return replace(snap, evidence=evidence, evidence_by_id=MappingProxyType({e.id: e for e in evidence}),
                       item_evidence=MappingProxyType(item_evidence), evidence_scope=scope)


def _read(store: Store, ledger_id: int, today: date, *, with_evidence: bool) -> LedgerSnapshot:
    ledger = ledgers.get_ledger(store, ledger_id)
    identity = snapshot_repo.ledger_identity(store.db, ledger_id)
    raw_items = ledgers.load_view(store, ledger_id).items
    entries = {entity: _entries(store, entity, ledger_id) for entity in rules.ENTITIES}
    evidence, item_evidence = _evidence(store, ledger_id, None) if with_evidence else ((), {})
    items = _items(store, ledger_id, raw_items, evidence if with_evidence else None, entries)
    calendar = register_settings.user_calendar(store)
    reviews = {e.id: e.record for e in entries[rules.REVIEW]}
    review_due = {r.id: rules.review_deadline(r, calendar) for r in reviews.values()}
    publicity_due = {e.id: rules.publicity_deadline(e.record, calendar) for e in entries[rules.CASE]}
    verdicts = {e.id: rules.case_verdict(e.record, publicity_due[e.id], reviews.get(e.record.legality_review_id),
                                         today) for e in entries[rules.CASE]}
    return LedgerSnapshot(
        ledger=ledger, ledger_uid=identity["ledger_uid"], unit_uid=identity["unit_uid"],
        template_key=identity["template_key"], template_version=identity["template_version"], today=today,
        taken_at=datetime.now().replace(microsecond=0), items=items, evidence=evidence,
        evidence_total=len(evidence) if with_evidence else snapshot_repo.evidence_count(store.db, ledger_id),
        evidence_scope=None if with_evidence else frozenset(),
        evidence_by_id=MappingProxyType({e.id: e for e in evidence}),
        item_evidence=MappingProxyType(item_evidence), registers=MappingProxyType(entries),
        review_deadlines=MappingProxyType(review_due), publicity_deadlines=MappingProxyType(publicity_due),
        verdicts=MappingProxyType(verdicts), totals=register_totals.yearly_totals(store, ledger_id),
        indicators=_indicators(store, ledger_id, raw_items, items, today),
        part_tallies=MappingProxyType(progress.tally_by_part(raw_items)), overall=progress.tally(raw_items),
        officer_hours_target=float(register_settings.targets(store)["officer_hours"]),
        report_texts=MappingProxyType(snapshot_repo.report_texts(store.db, ledger_id)),
        signers=MappingProxyType(register_settings.signers(store)), log_position=snapshot_repo.log_position(store.db))


def _entries(store: Store, entity: str, ledger_id: int) -> tuple[Entry, ...]:
    records = registers.list_entries(store, entity, ledger_id)
    uids = snapshot_repo.entry_uids(store.db, entity, [r.id for r in records])
    return tuple(Entry(entity, number, uids.get(r.id, ""), r) for number, r in enumerate(records, 1))


def _evidence(store: Store, ledger_id: int, scope: frozenset[int] | None
              ) -> tuple[tuple[EvidenceEntry, ...], dict[int, tuple[int, ...]]]:
    db = store.db
    links: dict[int, list[int]] = {}
    for evidence_id, item_id in snapshot_repo.evidence_links(db, ledger_id, scope):
        links.setdefault(evidence_id, []).append(item_id)
    files: dict[int, list[File]] = {}
    for evidence_id, *fields in snapshot_repo.attachments(db, ledger_id, scope):
        files.setdefault(evidence_id, []).append(File(*fields))
    documents: dict[int, list[tuple[str, int]]] = {}
    for evidence_id, entity, entry_id in snapshot_repo.documented_entries(db, ledger_id, scope):
        documents.setdefault(evidence_id, []).append((entity, entry_id))
    found, per_item = [], {}
    for evidence_id, uid, formed_on, title, kind in snapshot_repo.evidence(db, ledger_id, scope):
        item_ids = tuple(sorted(links.get(evidence_id, ())))
        found.append(EvidenceEntry(evidence_id, uid or "", date.fromisoformat(formed_on), title, kind,
                                   item_ids, tuple(files.get(evidence_id, ())),
                                   tuple(documents.get(evidence_id, ()))))
        for item_id in item_ids:
            per_item.setdefault(item_id, []).append(evidence_id)
    return tuple(found), {k: tuple(v) for k, v in per_item.items()}


def _items(store: Store, ledger_id: int, raw_items, evidence, entries) -> tuple[Item, ...]:
    """evidence None: read without evidence, so no item's last evidence date is known (None, not a guess)."""
    identities = snapshot_repo.item_identities(store.db, ledger_id)
    last: dict[int, date] = {}
    for entry in evidence or ():
        for item_id in entry.item_ids:
            last[item_id] = max(last.get(item_id, entry.formed_on), entry.formed_on)
    for register in entries.values() if evidence is not None else ():
        for entry in register:
            on = entry.record.display_date
            for item_id in entry.item_ids if on else ():
                last[item_id] = max(last.get(item_id, on), on)
    parts: dict[int, object] = {}
    found = []
    for i in raw_items:  # display order: parents before children
        if i.level == "part":
            parts[i.id] = i
        elif i.parent_id in parts:
            parts[i.id] = parts[i.parent_id]
        part = parts.get(i.id)
        uid, key = identities.get(i.id, ("", i.code))
        found.append(Item(
            i.id, uid or "", key or i.code, i.parent_id, i.level, i.code, i.title, i.obligation, i.basis,
            i.evidence_kinds, i.applicability, i.note, i.indicators, i.progress, i.result, i.na_reason,
            i.department, i.owner, i.due_date, i.remark, MappingProxyType(dict(i.indicator_values)),
            i.evidence_count, last.get(i.id), part.id if part else None, part.title if part else ""))
    return tuple(found)


def _indicators(store: Store, ledger_id: int, raw_items, items, today: date) -> tuple[IndicatorRow, ...]:
    """indicator_statuses gives one status per indicator of each item, in item order: paired with its key."""
    statuses = register_totals.indicator_statuses(store, ledger_id, raw_items, today)
    owners = [(item, indicator.key) for item in items for indicator in item.indicators]
    return tuple(IndicatorRow(item.id, item.uid, key, status)
                 for (item, key), status in zip(owners, statuses, strict=True))
