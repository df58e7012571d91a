"""编辑年度报告文字…: the officer's own text per section of the annual report, and in section （一） per part of
the outline (where the report places it, after that part's generated paragraphs). Each save is one operation
on the window's writer (one Ctrl+Z step); a text edited but not saved is never dropped without asking."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.domain.errors import UserError
from desktop.ui.messages import confirm, show_error

WHOLE_SECTION = ""  # part code of a section's own text
PER_PART_SECTION = "1"  # 主要举措和成效 is written part by part of the outline


class ReportTextDialog(QDialog):
    def __init__(self, parent, store, ledger_id: int):
        from desktop.services import ledgers, report_texts

        super().__init__(parent)
        self.store, self.ledger_id, self.service = store, ledger_id, report_texts
        self.setWindowTitle("编辑年度报告文字")
        self.texts = report_texts.get_texts(store, ledger_id)
        self.sections = QComboBox()
        for section, _name in report_texts.SECTIONS:
            self.sections.addItem(report_texts.section_label(section), section)
        self.parts = QComboBox()
        self.parts.addItem("本部分总体（放在本部分最后）", WHOLE_SECTION)
        for item in ledgers.load_view(store, ledger_id).items:
            if item.level == "part":
                self.parts.addItem(f"{item.code}　{item.title}", item.code)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("这里写的文字放在报告该处自动生成的内容之后。")
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.form = form = QFormLayout()
        form.addRow("报告部分：", self.sections)
        form.addRow("纲要部分：", self.parts)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("本处的文字（报告中放在这里自动生成的内容之后）："))
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.shown = (self.section(), WHOLE_SECTION)
        self.sections.currentIndexChanged.connect(self._switch)
        self.parts.currentIndexChanged.connect(self._switch)
        self.resize(680, 460)
        self._show()

    def section(self) -> str:
        return self.sections.currentData()

    def key(self) -> tuple[str, str]:
        """(section, part code): the part only where the report places per-part text."""
        return self.section(), self.parts.currentData() if self.section() == PER_PART_SECTION else WHOLE_SECTION

    def unsaved(self) -> bool:
        return self.editor.toPlainText().strip() != self.texts.get(self.shown, "")

    def _show_parts(self, section: str) -> None:
        """The 纲要部分 row only where the report places text per part (elsewhere it would name a part the
        text has nothing to do with)."""
        self.form.setRowVisible(self.parts, section == PER_PART_SECTION)

    def _show(self) -> None:
        self._show_parts(self.section())
        self.shown = self.key()
        self.editor.setPlainText(self.texts.get(self.shown, ""))

    def _switch(self, *_args) -> None:
        if self.key() != self.shown and self.unsaved() and self._ask_to_save() and not self._save(self.shown):
            self._select(self.shown)  # refused: back to the text, which stays in the box
            return
        self._show()

    def _select(self, key: tuple[str, str]) -> None:
        for combo, value in zip((self.sections, self.parts), key, strict=True):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self._show_parts(key[0])

    def _ask_to_save(self) -> bool:
        return confirm(self, "保存修改", "刚才编辑的文字还没有保存。保存吗？", yes="保存", no="不保存")

    def save(self) -> None:
        self._save(self.shown)

    def _save(self, key: tuple[str, str]) -> bool:
        """On the window's writer as one operation: one Ctrl+Z step in the window, in the change log."""
        ledger_id, text = self.ledger_id, self.editor.toPlainText()
        section, part_code = key
        try:
            changes = self.parent().perform(lambda s: self.service.set_text(s, ledger_id, section, part_code, text))
        except UserError as exc:  # a refusal (locked ledger, too long) is shown, the text stays in the box
            show_error(self, exc, "未能保存")
            return False
        self.texts = self.service.get_texts(self.store, self.ledger_id)
        self.changes = changes
        return True

    def reject(self) -> None:
        if self.unsaved() and self._ask_to_save() and not self._save(self.shown):
            return  # the save was refused: the dialog stays open with the text
        super().reject()
