"""The window's edits: each one operation on the writer thread, its op id an undo step, and the views follow
what its Changes say (desktop.ui.changes_view)."""

from __future__ import annotations  # Changes is only named: desktop.store.operations stays off the start-up

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.errors import ValidationError
from desktop.services import evidence as evidence_service
from desktop.services import ledgers
from desktop.ui import undo
from desktop.ui.messages import confirm, show_error

if TYPE_CHECKING:
    from desktop.store.operations import Changes


class WindowEdits:
    """Mixed into MainWindow (store, runner, undo_stack, item_panel, view, item_id, statusBar …)."""

    def perform(self, fn, *, label: str = "正在保存…", long: bool = False) -> Changes:
        """fn(store) -> Changes on the writer, waited for; raises what fn raised (nothing was changed then)."""
        changes = self.write(fn, label=label, long=long)
        self.record(changes)
        return changes

    def record(self, changes: Changes) -> None:
        """An operation done: its undo step (when it changed something), and the views follow."""
        if not changes.empty:
            self.undo_stack.push(undo.OpCommand(self, changes.op_id, changes.label))
        self.changes_applied(changes)

    def changes_applied(self, changes: Changes, step_text: str | None = None) -> None:
        from desktop.ui import changes_view

        changes_view.apply(self, changes, step_text)

    def step_refused(self, exc: Exception) -> None:
        show_error(self, exc, "无法撤销或重做")

    def step_notice(self, text: str) -> None:
        from desktop.ui.messages import warn

        warn(self, "撤销或重做已完成", text)

    def save_item(self, item_id: int, fields: dict, indicator_values: dict):
        try:  # counted indicator keys are not among indicator_values
            changes = self.perform(lambda s: ledgers.update_item(s, item_id, fields, indicator_values))
        except ValidationError as exc:  # next to the field, what is typed stays
            self.item_panel.show_error(exc)
            return
        except Exception as exc:
            show_error(self, exc, "未能保存")
            return
        if changes.empty:
            self.show_item_again()  # nothing to save: the panel shows the item as it is
        changed = changes.result
        self.statusBar().showMessage(f"已保存（{changed} 处修改）" if changed else "没有修改", 4000)

    def write(self, fn, *, label: str = "正在保存…", long: bool = False):
        """fn(store) on the writer thread, waited for: returns its result or raises its error here. long: a
        progress dialog (files copied into the store, a demo ledger); the window repaints meanwhile."""
        return self.runner.call(self.store, fn, label=label, parent=self, quiet=not long)

    def open_evidence_dialog(self, evidence_id: int | None = None, files: list[Path] = ()):
        if self.view is None or (evidence_id is None and self.item_id is None):
            return
        existing = evidence_service.get(self.store, evidence_id) if evidence_id else None
        ledger_id = self.view.ledger.id

        def save(values: dict):
            common = dict(title=values["title"], kind=values["kind"], formed_on=values["formed_on"],
                          description=values["description"], item_ids=values["item_ids"])
            long = bool(values["files"])  # copying files into the store
            if existing is None:
                self.perform(lambda s: evidence_service.add(s, ledger_id, files=values["files"], **common),
                             label="正在保存佐证材料…", long=long)
            else:
                self.perform(lambda s: evidence_service.edit(
                    s, existing.id, add_files=values["files"], remove_attachment_ids=values["removed_attachment_ids"],
                    **common), label="正在保存佐证材料…", long=long)

        from desktop.ui.evidence_dialog import EvidenceDialog

        dialog = EvidenceDialog(self, items=self.view.items, save=save, evidence=existing,
                                current_item_id=self.item_id, files=list(files), today=self.today,
                                ledger_year=self.view.ledger.year,
                                open_attachment=self.open_attachment, read_only=not self.writable)
        self.last_dialog = dialog
        if dialog.exec():
            self.statusBar().showMessage("佐证材料已保存", 4000)

    def delete_evidence(self, evidence_id: int):
        entry = evidence_service.get(self.store, evidence_id)
        files = f"，连同 {len(entry.attachments)} 个附件" if entry.attachments else ""
        if not confirm(self, "删除佐证材料", f"确定删除“{entry.title}”{files}吗？\n"
                       "它也会从所有关联条目中移除。删除后可用 Ctrl+Z 撤销，或在“查看 → 已删除的佐证…”中"
                       "连同附件恢复。", yes="删除"):
            return
        try:
            self.perform(lambda s: evidence_service.delete(s, evidence_id))
        except Exception as exc:
            show_error(self, exc, "未能删除")
            return
        self.statusBar().showMessage("佐证材料已删除（可用 Ctrl+Z 撤销）", 4000)

    def open_settings(self):
        from desktop.ui.settings_dialog import SettingsDialog

        year = self.view.ledger.year if self.view is not None else self.today.year
        self.last_dialog = SettingsDialog(self, self.store, year, perform=self.perform)
        if self.last_dialog.exec():
            self.statusBar().showMessage("设置已保存", 4000)

    def _bulk_set(self):
        from desktop.ui.bulk_edit import bulk_set

        bulk_set(self)
