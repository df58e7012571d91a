"""Window-level actions on ledgers: create (or demo) and export (through ui/export_dialog)."""

from pathlib import Path

from desktop.services import ledgers


class LedgerActions:
    def __init__(self, window):
        self.window = window

    def new_ledger(self, *, first_start: bool = False) -> bool:
        window = self.window
        unit = window.view.ledger.unit_name if window.view else ""
        from desktop.ui.new_ledger_dialog import NewLedgerDialog

        dialog = NewLedgerDialog(window, first_start=first_start, unit_name=unit, create=self._create,
                                 store=window.store, year=window.today.year)
        window.last_dialog = dialog
        if not dialog.exec():
            return False
        window.reload_ledgers(select_id=dialog.ledger_id)
        window.statusBar().showMessage("年度台账已创建", 5000)
        return True

    def _create(self, choice: str, unit_name: str, year: int, template=None) -> int:
        """Called by the dialog, which stays open with its input when this raises."""
        window = self.window
        if choice == "demo":
            from desktop.services import demo  # with its register samples: loaded only for a demo

            today = window.today
            return window.write(lambda s: demo.create_demo_ledger(s, demo.DEMO_UNIT, year, today=today).result,
                                label="正在生成演示台账…", long=True)
        if template is not None:  # another template the officer picked in the dialog
            from desktop.services import templates

            return window.write(lambda s: ledgers.create_ledger(
                s, unit_name, year, templates.install_choice(s.db, template)).result, label="正在创建年度台账…")
        return window.write(lambda s: ledgers.create_ledger(s, unit_name, year).result, label="正在创建年度台账…")

    def export_xlsx(self, *, target: Path | None = None):
        from desktop.ui import export_dialog  # the dialog and the services load when first asked for

        export_dialog.export(self.window, "workbook", target)

    def export_statistics(self, *, target: Path | None = None):
        from desktop.ui import export_dialog

        export_dialog.export(self.window, "statistics", target)
