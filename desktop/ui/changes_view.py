"""After an operation: each view refreshes only what its Changes concern (not the whole ledger).

The checklist repaints only the rows of changes.item_ids and the parts' tallies; the item panel and its
evidence only when the item shown is among them; a register page only when its tables changed; the
status bar's overdue count and the due list when something dated changed. A ledger's lock, the settings
and anything of another ledger reload everything, as a ledger switch does.
"""

import dataclasses

from desktop.domain import progress
from desktop.services import ledgers
from desktop.store.operations import Changes
from desktop.ui.lazy_tab import REGISTER_TABS, LazyTab

RELOAD_TABLES = ("ledger", "ledger_seal", "setting", "unit", "template")  # lock, settings, a new ledger
REGISTER_LINKS = ("register_item_link", "register_evidence", "training_attendance")
ITEM_OWN = frozenset(("ledger_item", "indicator_value"))  # an item's own fields: its evidence tables stay


def apply(window, changes: Changes, step_text: str | None = None) -> None:
    """step_text: an undo or redo step ("已撤销：…"): said in the status bar, and its entry brought forward."""
    if changes.empty:
        return
    if window.view is None or changes.touches(*RELOAD_TABLES) or changes.ledger_id not in (None,
                                                                                             window.view.ledger.id):
        window.reload_ledgers()
    else:
        _refresh_views(window, changes)
    if step_text:
        _bring_forward(window, changes)
        window.statusBar().showMessage(step_text, 8000)


def _refresh_views(window, changes: Changes) -> None:
    items = [i for i in changes.item_ids if window.model.holds(i)]
    registers = {e for e in REGISTER_TABS if changes.touches(e)} or (
        set(REGISTER_TABS) if changes.touches(*REGISTER_LINKS) else set())
    if registers:
        window.counted = None  # counted indicators follow the registers
    if items:
        _update_items(window, items)
    if window.item_id is not None and (window.item_id in changes.item_ids or registers):
        window.show_item_again(evidence=not changes.tables <= ITEM_OWN)
    if items or registers:
        window.update_status()
    current = window.tabs.currentWidget()
    if current is window.due_tab and (items or registers):
        window.tab_shown(window.tabs.currentIndex())
    elif isinstance(current, LazyTab) and any(window.register_tabs.get(e) is current for e in registers):
        current.ensure().refresh()


def _update_items(window, item_ids: list[int]) -> None:
    fresh = {i: ledgers.get_item(window.store, i) for i in item_ids}
    view = window.view
    items = [fresh.get(i.id, i) for i in view.items]
    tallies = progress.tally_by_part(items)
    changed_parts = {p: t for p, t in tallies.items() if view.part_tallies.get(p) != t}
    window.view = dataclasses.replace(view, items=items, part_tallies=tallies, overall=progress.tally(items))
    window.model.update_items(list(fresh.values()), changed_parts)
    if any(view_item.owner != fresh[view_item.id].owner for view_item in view.items if view_item.id in fresh):
        window.filters.set_owners(ledgers.owners(window.store, view.ledger.id))
    if window.model.filtered:
        window.apply_filters()  # the edited row may match the filter no more, or now


def _bring_forward(window, changes: Changes) -> None:
    """The entry an undo step concerned (Ctrl+Z works from any tab)."""
    for entity in REGISTER_TABS:
        ids = changes.ids_of(entity)
        if ids:
            window.show_register(entity).select_entry(min(ids))
            return
    window.tabs.setCurrentIndex(0)
    if changes.item_ids and window.item_id not in changes.item_ids:
        shown = [i.id for i in window.view.items if i.id in changes.item_ids] if window.view else []
        if shown:
            window.select_item(shown[0])
