"""The year-end hand-over actions: 导出 → 年度报告草稿…, 佐证材料包…, and 编辑 → 编辑年度报告文字… (the officer's own
text per section of the report, saved through report_texts.set_text: one operation each)."""

from pathlib import Path


class HandoverActions:
    def __init__(self, window):
        self.window = window

    def export_report(self, *, target: Path | None = None):
        from desktop.ui import export_dialog

        export_dialog.export(self.window, "report", target)

    def export_binder(self, *, target: Path | None = None):
        from desktop.ui import export_dialog

        export_dialog.export(self.window, "binder", target)

    def edit_texts(self):
        window = self.window
        if window.view is not None:
            from desktop.ui.report_text_dialog import ReportTextDialog

            window.last_dialog = ReportTextDialog(window, window.store, window.view.ledger.id)
            window.last_dialog.exec()
