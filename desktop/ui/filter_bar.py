"""Search box and filters over the checklist; computes which item ids are visible."""

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from desktop.domain.enums import PROGRESS, RESULTS
from desktop.domain.filters import ALL, Criteria


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索编码、任务、佐证内容（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.progress = self._combo(PROGRESS)
        self.result = self._combo(RESULTS)
        self.owner = self._combo(())
        self.matches = QLabel()  # 无匹配 or how many items the filter shows
        self.no_evidence = QCheckBox("无佐证")
        self.overdue = QCheckBox("逾期")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.changed)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._emit_now)
        for box in (self.progress, self.result, self.owner):
            box.currentIndexChanged.connect(self._emit_now)
        for box in (self.no_evidence, self.overdue):
            box.toggled.connect(self._emit_now)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 0, 0, 1, 7)
        layout.addWidget(self.matches, 0, 7)
        for column, (label, box) in enumerate((("进度", self.progress), ("落实结果", self.result),
                                                ("责任人", self.owner))):
            layout.addWidget(QLabel(label), 1, 2 * column)
            layout.addWidget(box, 1, 2 * column + 1)
            box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        layout.addWidget(self.no_evidence, 1, 6)
        layout.addWidget(self.overdue, 1, 7)
        layout.setColumnStretch(5, 1)
        self.progress.setToolTip("按进度筛选")
        self.result.setToolTip("按落实结果筛选")
        self.owner.setToolTip("按责任人筛选")

    def _combo(self, values) -> QComboBox:
        box = QComboBox()
        box.addItem(ALL)
        box.addItems(values)
        return box

    def _emit_now(self, *_):
        self._debounce.stop()
        self.changed.emit()

    def set_owners(self, owners: list[str]):
        current = self.owner.currentText()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(ALL)
        self.owner.addItems(owners)
        self.owner.setCurrentText(current if current in owners else ALL)
        self.owner.blockSignals(False)

    def criteria(self) -> Criteria:
        return Criteria(text=" ".join(self.search.text().split()), progress=self.progress.currentText(),
                        result=self.result.currentText(), owner=self.owner.currentText(),
                        no_evidence=self.no_evidence.isChecked(), overdue=self.overdue.isChecked())

    def show_matches(self, count: int | None) -> None:
        """None: no filter in force; 0 says 无匹配 plainly, so an empty list is not taken for an empty ledger."""
        if count is None:
            self.matches.clear()
        elif count == 0:
            self.matches.setText("<span style='color: #c0392b'>无匹配</span>")
        else:
            self.matches.setText(f"{count} 项")

    def focus_search(self):
        self.search.setFocus()
        self.search.selectAll()
