"""Edits one ledger item: both dimensions, owner fields, deadline, remark, indicator values."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import progress as progress_rules
from desktop.domain.enums import PROGRESS, RESULT_NOT_APPLICABLE, RESULTS
from desktop.domain.models import LedgerItem
from desktop.ui.dates import DateField

DETAIL_LINES = 6  # 要求, 依据, 应有佐证, 乡镇适用, 说明 (often two lines); longer text scrolls
INDICATOR_ROWS = 2  # the most any built-in item has; more scroll in their box
NO_VALUE, NOT_FILLED = -1, "未填写"  # an indicator box below its range shows 未填写


class ElidedLabel(QLabel):
    """One line that ends in … when too long for the panel, the whole text in its tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._elide()

    def _elide(self):
        from PySide6.QtCore import Qt

        super().setText(self.fontMetrics().elidedText(self._full, Qt.ElideRight, max(self.width(), 50)))


class ItemPanel(QWidget):
    save_requested = Signal(int, dict, dict)  # item id, fields, indicator values
    dirty_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.item: LedgerItem | None = None
        self._loading = False
        self._dirty = False
        self.heading = ElidedLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        # the template's text scrolls in a box of its own, so the fields below never move with its length
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setFixedHeight(_height_of_lines(self.details, DETAIL_LINES))
        self.details.setStyleSheet("QTextBrowser { background: transparent; }")
        self.details.setFrameShape(QFrame.NoFrame)
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
        self.no_indicators = QLabel("本条目没有量化指标。")
        self.no_indicators.setStyleSheet("color: #888888;")
        self.error = QLabel()  # a refused save says why here, next to the fields, and focuses the field
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
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
        """Every field has a fixed place: the text above scrolls in its box, the indicators in theirs, and
        保存修改 sits at the same spot for every item."""
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        rows = (("进度", self.progress, "落实结果", self.result), ("不适用理由", self.na_reason),
                ("责任科室", self.department, "责任人", self.owner), ("完成时限", self.due), ("备注", self.remark))
        for row, cells in enumerate(rows):
            for column in range(0, len(cells), 2):
                grid.addWidget(QLabel(cells[column]), row, column)
                grid.addWidget(cells[column + 1], row, column + 1, 1, 3 if len(cells) == 2 else 1)
        self.due.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)  # no gap above or below it
        indicators = QWidget()
        indicator_layout = QVBoxLayout(indicators)
        indicator_layout.setContentsMargins(0, 0, 0, 0)
        indicator_layout.addWidget(self.no_indicators)
        self.uncounted = QLabel(wordWrap=True, styleSheet="color: #888888;")
        indicator_layout.addWidget(self.uncounted)
        indicator_layout.addLayout(self.indicator_form)
        indicator_layout.addStretch(1)
        self.indicator_area = QScrollArea()
        self.indicator_area.setWidget(indicators)
        self.indicator_area.setWidgetResizable(True)
        self.indicator_area.setFrameShape(QFrame.NoFrame)
        self.indicator_area.viewport().setAutoFillBackground(False)  # the panel's own background
        indicators.setAutoFillBackground(False)
        row_height = QDoubleSpinBox().sizeHint().height() + 6
        self.indicator_area.setFixedHeight(row_height * INDICATOR_ROWS)
        self.error.setFixedHeight(self.error.fontMetrics().lineSpacing() * 2 + 4)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.heading)
        body.addWidget(self.details)
        body.addLayout(grid)
        body.addWidget(self.indicator_area)
        body.addStretch(1)
        # a short window scrolls the fields (each in its place); the save row stays below, always in view
        self.body_scroll = QScrollArea()
        self.body_scroll.setWidget(self.body)
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.NoFrame)
        self.body_scroll.viewport().setAutoFillBackground(False)  # the panel's own background
        self.body.setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body_scroll, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def sizeHint(self):  # every field without scrolling
        hint = super().sizeHint()
        margins = self.layout().contentsMargins()
        hint.setHeight(self.body.sizeHint().height() + self.save_button.sizeHint().height()
                       + self.error.height() + margins.top() + margins.bottom())
        return hint

    def show_error(self, exc: Exception) -> None:
        """A refused save: the reason next to the fields, the named field focused; what is typed stays."""
        self.error.setText(str(exc))
        widget = {"progress": self.progress, "result": self.result, "na_reason": self.na_reason,
                  "department": self.department, "owner": self.owner, "remark": self.remark,
                  "due_date": self.due.edit}.get(getattr(exc, "field", ""))
        if widget is not None:
            widget.setFocus()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self, *_):
        if not self._loading and self.item is not None:
            self.error.clear()  # the officer is correcting it: the old refusal no longer stands
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
    uncounted_note = ""  # set by the window from the ledger's template rules

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
        self.error.clear()
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
            # one step below 0 reads 未填写: an empty value is not a 0 the officer reported
            box.setRange(-1, 1_000_000)
            box.setSpecialValueText(NOT_FILLED)
            value = item.indicator_values.get(indicator.key)
            box.setValue(NO_VALUE if value is None else value)
            box.setEnabled(editable)
            target = f"（年度目标 {indicator.target:g} {indicator.unit}）" if indicator.target is not None else ""
            box.setSuffix(f" {indicator.unit}")
            if indicator.key in self.counted_keys:  # counted from the registers, not typed
                box.setEnabled(False)
                box.setToolTip("由专项台账自动统计，请在相应登记页修改")
            box.valueChanged.connect(self._mark_dirty)
            self.indicator_boxes[indicator.key] = box
            self.indicator_form.addRow(f"{indicator.name}{target}", box)
        self.no_indicators.setVisible(not self.indicator_boxes)
        self.uncounted.setText(self.uncounted_note)  # the template lets no register fill an indicator
        self.uncounted.setVisible(bool(self.indicator_boxes and self.uncounted_note))

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
            value = None if box.value() < 0 else box.value()
            if value != old:
                values[key] = value
        return values

    def request_save(self):
        if self.item is not None and self._dirty:
            self.error.clear()
            self.save_requested.emit(self.item.id, self.fields(), self.indicator_values())



SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_to_save(parent, code: str) -> str:
    """保存 / 放弃 / 取消 for an item with unsaved edits; 取消 (and Esc) keeps the officer where he was."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Question, "保存修改", f"条目 {code} 有未保存的修改，是否保存？",
                      QMessageBox.NoButton, parent)
    buttons = {box.addButton("保存", QMessageBox.AcceptRole): SAVE,
               box.addButton("放弃修改", QMessageBox.DestructiveRole): DISCARD}
    cancel = box.addButton("取消", QMessageBox.RejectRole)
    box.setDefaultButton(next(iter(buttons)))
    box.setEscapeButton(cancel)
    box.exec()
    return buttons.get(box.clickedButton(), CANCEL)


def _height_of_lines(browser: QTextBrowser, lines: int) -> int:
    """The box's height for that many lines of the details' rich text (bold labels, <br> breaks)."""
    browser.setHtml("<br>".join("<b>要求：</b>字" for _ in range(lines)))
    browser.document().setTextWidth(10_000)  # not laid out yet: one line per row, as wide as it gets
    height = browser.document().size().height()
    browser.clear()
    return int(height) + 2 * browser.frameWidth() + 2


def _details_html(item: LedgerItem) -> str:
    rows = [("要求", item.obligation), ("依据", item.basis),
            ("应有佐证", "、".join(item.evidence_kinds)), ("乡镇适用", item.applicability), ("说明", item.note)]
    return "<br>".join(f"<b>{label}：</b>{_escape(text)}" for label, text in rows if text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
