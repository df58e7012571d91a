"""The year-end hand-over actions: 导出 → 年度报告草稿…, 佐证材料包…, and 编辑 → 编辑年度报告文字… (the officer's own
text per section of the report, saved through report_texts.set_text: one operation each)."""

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from desktop.domain.errors import UserError
from desktop.ui.messages import show_error


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
            window.last_dialog = ReportTextDialog(window, window.store, window.view.ledger.id)
            window.last_dialog.exec()


class ReportTextDialog(QDialog):
    """One text box per section of the report (the sections in a list); 保存 writes the shown section."""

    def __init__(self, parent, store, ledger_id: int):
        from desktop.services import report_texts

        super().__init__(parent)
        self.store, self.ledger_id, self.service = store, ledger_id, report_texts
        self.setWindowTitle("编辑年度报告文字")
        self.texts = report_texts.get_texts(store, ledger_id)
        self.sections = QComboBox()
        for section, _name in report_texts.SECTIONS:
            self.sections.addItem(report_texts.section_label(section), section)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("这里写的文字放在报告该部分自动生成的内容之后。")
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (QLabel("部分："), self.sections, self.editor, buttons):
            layout.addWidget(widget)
        self.sections.currentIndexChanged.connect(self._show)
        self.resize(640, 420)
        self._show()

    def section(self) -> str:
        return self.sections.currentData()

    def _show(self, *_args) -> None:
        self.editor.setPlainText(self.texts.get((self.section(), ""), ""))

    def save(self) -> None:
        """On the window's writer as one operation: one Ctrl+Z step in the window, in the change log."""
        ledger_id, section, text = self.ledger_id, self.section(), self.editor.toPlainText()
        try:
            changes = self.parent().perform(lambda s: self.service.set_text(s, ledger_id, section, "", text))
        except UserError as exc:  # a refusal (locked ledger, too long) is shown, the text stays in the box
            show_error(self, exc, "未能保存")
            return
        self.texts = self.service.get_texts(self.store, self.ledger_id)
        self.changes = changes


def install(window, export_menu, edit_menu) -> HandoverActions:
    """年度报告草稿 and 佐证材料包 in the 导出 menu, 编辑年度报告文字… in the 编辑 menu."""
    actions = HandoverActions(window)
    window.action_report = window._action(export_menu, "年度报告草稿（Word）…", lambda: actions.export_report())
    window.action_binder = window._action(export_menu, "佐证材料包（zip）…", lambda: actions.export_binder())
    window.action_report_texts = window._action(edit_menu, "编辑年度报告文字…", actions.edit_texts)
    return actions
