"""Edits one ledger item: both dimensions, owner fields, deadline, remark, indicator values."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import progress as progress_rules
from desktop.domain.enums import PROGRESS, RESULT_NOT_APPLICABLE, RESULTS
from desktop.domain.models import LedgerItem
from desktop.ui.dates import DateField


class ItemPanel(QWidget):
    save_requested = Signal(int, dict, dict)  # item id, fields, indicator values
    dirty_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.item: LedgerItem | None = None
        self._loading = False
        self._dirty = False
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(self.details.textFormat().RichText)
        self.progress = QComboBox()
        self.progress.addItems(PROGRESS)
        self.result = QComboBox()
        self.result.addItems(RESULTS)
        self.na_reason = QLineEdit()
        self.na_reason.setPlaceholderText("落实结果为“不适用”时必填")
        self.department = QLineEdit()
        self.owner = QLineEdit()
        self.due = DateField(required=False, label="设定完成时限")
        self.remark = QPlainTextEdit()
        self.remark.setFixedHeight(60)
        self.indicator_form = QFormLayout()
        self.indicator_boxes: dict[str, QDoubleSpinBox] = {}
        self.save_button = QPushButton("保存修改（Ctrl+S）")
        self.save_button.clicked.connect(self.request_save)
        self._build_layout()
        for signal in (self.progress.currentIndexChanged, self.result.currentIndexChanged,
                       self.na_reason.textChanged, self.department.textChanged, self.owner.textChanged,
                       self.due.given.toggled, self.due.edit.dateChanged, self.remark.textChanged):
            signal.connect(self._mark_dirty)
        self.result.currentTextChanged.connect(self._sync_enabled)
        self.set_item(None)

    def _build_layout(self):
        form = QFormLayout()
        form.addRow("进度", self.progress)
        form.addRow("落实结果", self.result)
        form.addRow("不适用理由", self.na_reason)
        form.addRow("责任科室", self.department)
        form.addRow("责任人", self.owner)
        form.addRow("完成时限", self.due)
        form.addRow("备注", self.remark)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addLayout(form)
        layout.addLayout(self.indicator_form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self, *_):
        if not self._loading and self.item is not None:
            self._set_dirty(True)

    def _set_dirty(self, value: bool):
        if value != self._dirty:
            self._dirty = value
            self.dirty_changed.emit(value)
        self.save_button.setEnabled(value)

    def _sync_enabled(self, *_):
        editable = self.item is not None and self.item.level != "part" and not self.read_only
        self.na_reason.setEnabled(editable and self.result.currentText() == RESULT_NOT_APPLICABLE)

    read_only = False

    def set_read_only(self, value: bool):
        self.read_only = value
        self.set_item(self.item, self.counted_keys)

    counted_keys: frozenset = frozenset()

    def set_item(self, item: LedgerItem | None, counted_keys=frozenset()):
        self.counted_keys = frozenset(counted_keys)
        self._loading = True
        self.item = item
        editable = item is not None and item.level != "part" and not self.read_only
        for widget in (self.progress, self.result, self.department, self.owner, self.due, self.remark):
            widget.setEnabled(editable)
        if item is None:
            self.heading.setText("请在左侧选择一个条目")
            self.details.setText("")
        else:
            self.heading.setText(f"{item.code}  {item.title}")
            self.details.setText(_details_html(item))
            self.progress.setCurrentText(item.progress)
            self.result.setCurrentText(progress_rules.effective_result(item))  # a template 不适用 with its reason
            self.na_reason.setText(progress_rules.na_reason(item) or item.na_reason)
            self.department.setText(item.department)
            self.owner.setText(item.owner)
            self.due.set_value(item.due_date)
            self.remark.setPlainText(item.remark)
        self._build_indicators(item, editable)
        self._sync_enabled()
        self._loading = False
        self._set_dirty(False)

    def _build_indicators(self, item: LedgerItem | None, editable: bool):
        while self.indicator_form.rowCount():
            self.indicator_form.removeRow(0)
        self.indicator_boxes.clear()
        for indicator in (item.indicators if item else ()):
            box = QDoubleSpinBox()
            box.setDecimals(1 if "/" in indicator.unit else 0)  # counts are whole; hours per person are not
            box.setRange(0, 1_000_000)
            box.setValue(item.indicator_values.get(indicator.key) or 0)
            box.setEnabled(editable)
            target = f"（年度目标 {indicator.target:g} {indicator.unit}）" if indicator.target is not None else ""
            box.setSuffix(f" {indicator.unit}")
            if indicator.key in self.counted_keys:  # counted from the registers, not typed
                box.setEnabled(False)
                box.setToolTip("由专项台账自动统计，请在相应登记页修改")
            box.valueChanged.connect(self._mark_dirty)
            self.indicator_boxes[indicator.key] = box
            self.indicator_form.addRow(f"{indicator.name}{target}", box)

    def fields(self) -> dict:
        return {
            "progress": self.progress.currentText(), "result": self.result.currentText(),
            "na_reason": self.na_reason.text(), "department": self.department.text(),
            "owner": self.owner.text(), "remark": self.remark.toPlainText(),
            "due_date": self.due.value(),
        }

    def indicator_values(self) -> dict:
        values = {}
        for key, box in self.indicator_boxes.items():
            if key in self.counted_keys:
                continue
            old = self.item.indicator_values.get(key) if self.item else None
            if not (old is None and box.value() == 0):  # untouched empty value stays empty
                values[key] = box.value()
        return values

    def request_save(self):
        if self.item is not None and self._dirty:
            self.save_requested.emit(self.item.id, self.fields(), self.indicator_values())



def _details_html(item: LedgerItem) -> str:
    rows = [("要求", item.obligation), ("依据", item.basis),
            ("应有佐证", "、".join(item.evidence_kinds)), ("乡镇适用", item.applicability), ("说明", item.note)]
    return "<br>".join(f"<b>{label}：</b>{_escape(text)}" for label, text in rows if text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
