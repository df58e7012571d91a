"""同比: this year's ledger against the unit's ledger of the year before — per part of the outline (items,
applicable, done, ratio) and the items whose 落实结果 changed. Items and parts are matched by their template
node key, which stays the same across template versions, so a checklist renumbered in a new version (or a
district's own) still compares item with item."""

from dataclasses import dataclass

from desktop.domain import progress
from desktop.services import ledgers, snapshot
from desktop.services.snapshot import Item, LedgerSnapshot

NEW, GONE, CHANGED = "本年新增", "本年已无", "落实结果变化"
EMPTY = progress.Tally(0, 0, 0)


@dataclass(frozen=True)
class PartRow:
    code: str
    title: str
    this: progress.Tally
    last: progress.Tally | None  # None: the part is new this year


@dataclass(frozen=True)
class ChangedItem:
    code: str
    title: str
    last_result: str  # "" when the item is new this year
    this_result: str  # "" when the item is gone this year
    what: str  # NEW, GONE or CHANGED
    uid: str  # this year's item ("" for a gone item)


@dataclass(frozen=True)
class YearComparison:
    last_year: int
    last_template: str
    parts: tuple[PartRow, ...]
    changed: tuple[ChangedItem, ...]


def previous_ledger_id(store, snap: LedgerSnapshot) -> int | None:
    """The unit's ledger of the year before, if there is one."""
    ledger = snap.ledger
    return next((other.id for other in ledgers.list_ledgers(store)
                 if other.unit_id == ledger.unit_id and other.year == ledger.year - 1), None)


def compare_with_last_year(store, snap: LedgerSnapshot) -> YearComparison | None:
    """None when the unit has no ledger of the year before. Last year is read without its evidence rows."""
    last_id = previous_ledger_id(store, snap)
    if last_id is None:
        return None
    return compare(snap, snapshot.take(store, last_id, snap.today, evidence_for=snapshot.no_evidence))


def compare(this: LedgerSnapshot, last: LedgerSnapshot) -> YearComparison:
    last_parts = {p.key: p for p in last.parts()}
    parts = tuple(PartRow(p.code, p.title, this.part_tallies.get(p.id, EMPTY),
                          last.part_tallies.get(last_parts[p.key].id, EMPTY) if p.key in last_parts else None)
                  for p in this.parts())
    return YearComparison(last.ledger.year, f"{last.template_name}（{last.template_version}）", parts,
                          tuple(_changed(this.checklist(), last.checklist())))


def _changed(this_items: tuple[Item, ...], last_items: tuple[Item, ...]):
    last_by_key = {i.key: i for i in last_items}
    this_keys = set()
    for item in this_items:
        this_keys.add(item.key)
        before = last_by_key.get(item.key)
        if before is None:
            yield ChangedItem(item.code, item.title, "", item.effective_result, NEW, item.uid)
        elif before.effective_result != item.effective_result:
            yield ChangedItem(item.code, item.title, before.effective_result, item.effective_result, CHANGED,
                              item.uid)
    for before in last_items:
        if before.key not in this_keys:
            yield ChangedItem(before.code, before.title, before.effective_result, "", GONE, "")
