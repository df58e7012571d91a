"""Undo and redo (Ctrl+Z / Ctrl+Y) of edits made in this window, each step a call to a service.

An edit is made first; only when it succeeded is its command pushed, so the first redo() does nothing.
A step that can no longer be taken back (the ledger was locked meanwhile) says why and leaves the stack.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from desktop.domain.errors import UserError
from desktop.services import evidence as evidence_service
from desktop.services import ledgers
from desktop.store.store import Store


class StepTakenWithNotice(UserError):
    """The step was taken, but the officer should know something (files that could not come back)."""


class ServiceCommand(QUndoCommand):
    """on_step(command, undone) runs after a step was taken, so the window can say what was undone or redone
    (an undo from another tab is otherwise invisible) and show the entry it concerned (command.target)."""

    def __init__(self, text: str, undo: Callable[[], None], redo: Callable[[], None],
                 refresh: Callable[[], None], on_error: Callable[[Exception], None],
                 on_notice: Callable[[Exception], None] | None = None,
                 on_step: Callable[["ServiceCommand", bool], None] | None = None,
                 target: "EntryRef | None" = None):
        super().__init__(text)
        self._undo, self._redo, self._refresh, self._on_error = undo, redo, refresh, on_error
        self._on_notice = on_notice or on_error
        self._on_step = on_step
        self.target = target
        self._done_already = True

    def redo(self):
        if self._done_already:
            self._done_already = False
            return
        self._run(self._redo, undone=False)

    def undo(self):
        self._run(self._undo, undone=True)

    def _run(self, step: Callable[[], None], undone: bool):
        taken = True
        try:
            step()
        except StepTakenWithNotice as notice:  # done: the step stays on the stack
            self._on_notice(notice)
        except Exception as exc:
            taken = False
            self.setObsolete(True)
            self._on_error(exc)
        self._refresh()
        if taken and self._on_step is not None:
            self._on_step(self, undone)


def step_message(command: QUndoCommand, undone: bool) -> str:
    return f"{'已撤销' if undone else '已重做'}：{command.text()}"


@dataclass
class EntryRef:
    """An entry as the undo steps know it. Bringing a deleted entry back gives it a new id; every step about
    that entry holds the same EntryRef, so an older step still finds it."""
    entity: str
    id: int


class Refs:
    """The window's EntryRefs, one per entry (cleared with the undo stack)."""

    def __init__(self):
        self._by_key: dict[tuple[str, int], EntryRef] = {}

    def of(self, entity: str, entry_id: int) -> EntryRef:
        return self._by_key.setdefault((entity, entry_id), EntryRef(entity, entry_id))

    def moved(self, ref: EntryRef, new_id: int) -> None:
        ref.id = new_id
        self._by_key[(ref.entity, new_id)] = ref

    def clear(self) -> None:
        self._by_key.clear()


ITEM_FIELD_LABELS = {"progress": "进度", "result": "落实结果", "na_reason": "不适用理由", "department": "责任科室",
                     "owner": "责任人", "due_date": "完成时限", "remark": "备注"}


def item_edit(store: Store, item_id: int, code: str, before: dict, before_values: dict, after: dict,
              after_values: dict, **hooks) -> ServiceCommand:
    return ServiceCommand(
        _item_edit_text(code, before, before_values, after, after_values),
        undo=lambda: ledgers.update_item(store, item_id, before, before_values),
        redo=lambda: ledgers.update_item(store, item_id, after, after_values),
        target=EntryRef("ledger_item", item_id), **hooks)


def _item_edit_text(code: str, before: dict, before_values: dict, after: dict, after_values: dict) -> str:
    """修改 3.2 的进度、责任人: what the step changes, in the officer's words."""
    labels = [label for key, label in ITEM_FIELD_LABELS.items() if key in after and after[key] != before.get(key)]
    if any(value != before_values.get(key) for key, value in after_values.items()):
        labels.append("指标完成值")
    return f"修改 {code} 的{'、'.join(labels)}" if labels else f"修改条目 {code}"


def evidence_added(store: Store, refs: Refs, evidence_id: int, title: str, **hooks) -> ServiceCommand:
    ref = refs.of("evidence", evidence_id)
    return ServiceCommand(f"添加佐证“{title}”", undo=lambda: evidence_service.delete(store, ref.id),
                          redo=lambda: _restore(store, refs, ref), target=ref, **hooks)


def evidence_deleted(store: Store, refs: Refs, evidence_id: int, title: str, **hooks) -> ServiceCommand:
    ref = refs.of("evidence", evidence_id)
    return ServiceCommand(f"删除佐证“{title}”", undo=lambda: _restore(store, refs, ref),
                          redo=lambda: evidence_service.delete(store, ref.id), target=ref, **hooks)


def evidence_edited(store: Store, refs: Refs, evidence_id: int, before: dict, after: dict,
                    **hooks) -> ServiceCommand:
    """before/after: evidence_fields(), that is the fields, links and files of the entry."""
    ref = refs.of("evidence", evidence_id)
    return ServiceCommand(f"修改佐证“{after['title']}”", undo=lambda: _set_evidence(store, ref, before),
                          redo=lambda: _set_evidence(store, ref, after), target=ref, **hooks)


def _set_evidence(store: Store, ref: EntryRef, state: dict) -> None:
    from desktop.services import history

    missing = history.set_evidence_state(store, ref.id, state).result
    if missing:
        raise StepTakenWithNotice("佐证材料已还原，但以下附件在文件库和回收站中都已找不到，未能还原：\n"
                                  + "\n".join(missing))


def _restore(store: Store, refs: Refs, ref: EntryRef) -> None:
    from desktop.services import history

    refs.moved(ref, history.restore_evidence(store, ref.id).result.evidence_id)


def item_fields(item) -> dict:
    return {key: getattr(item, key) for key in
            ("progress", "result", "na_reason", "department", "owner", "due_date", "remark")}


def evidence_fields(entry) -> dict:
    """What an undo step of an evidence edit restores: fields, links and the files."""
    from desktop.services import history

    return history.evidence_state(entry)


# ----- register entries (a deleted entry comes back as a new entry with the same fields and links)
def register_fields(entity: str, entry) -> dict:
    from desktop.domain import registers as rules

    fields = {f.name: getattr(entry, f.name) for f in rules.column_fields(entity)}
    fields["item_ids"] = list(entry.item_ids)
    if entity == rules.TRAINING:
        fields["attendance"] = [(a.officer_id, a.hours) for a in entry.attendance]
    return fields


def register_added(store: Store, refs: Refs, entity: str, entry_id: int, ledger_id: int, fields: dict,
                   label: str, today, **hooks) -> ServiceCommand:
    from desktop.services import registers

    ref = refs.of(entity, entry_id)

    def again():
        refs.moved(ref, registers.add(store, entity, ledger_id, fields, today=today).result)

    return ServiceCommand(f"新增{label}", undo=lambda: registers.delete(store, entity, ref.id), redo=again,
                          target=ref, **hooks)


def register_edited(store: Store, refs: Refs, entity: str, entry_id: int, before: dict, after: dict, label: str,
                    today, **hooks) -> ServiceCommand:
    from desktop.services import registers

    ref = refs.of(entity, entry_id)
    return ServiceCommand(f"修改{label}", undo=lambda: registers.edit(store, entity, ref.id, before, today=today),
                          redo=lambda: registers.edit(store, entity, ref.id, after, today=today), target=ref,
                          **hooks)


def register_deleted(store: Store, refs: Refs, entity: str, entry_id: int, ledger_id: int, before: dict,
                     label: str, today, evidence_ids=(), **hooks) -> ServiceCommand:
    from desktop.services import registers

    ref = refs.of(entity, entry_id)

    def bring_back():
        refs.moved(ref, registers.add(store, entity, ledger_id, before, today=today).result)
        for evidence_id in evidence_ids:  # the evidence that documented it, where it still exists
            with contextlib.suppress(UserError):
                registers.link_evidence(store, entity, ref.id, evidence_id)

    return ServiceCommand(f"删除{label}", undo=bring_back, redo=lambda: registers.delete(store, entity, ref.id),
                          target=ref, **hooks)
