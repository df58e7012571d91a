"""Conversion between Python dates and Qt dates."""

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QSizePolicy, QWidget


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateField(QWidget):
    """A date that may be left empty: a tick box switches the date on."""

    changed = Signal()  # the date typed or picked, or the tick box toggled

    def __init__(self, required: bool, label: str = "已填", parent=None):
        super().__init__(parent)
        self.required = required
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(QDate.currentDate())
        self.given = QCheckBox(label)
        self.given.setChecked(required)
        self.given.setVisible(not required)
        self.given.toggled.connect(self.edit.setEnabled)
        self.edit.setEnabled(required)
        self.edit.dateChanged.connect(self.changed)
        self.given.toggled.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.given)
        layout.addWidget(self.edit, 1)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)  # one line high, in any layout

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.given.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.given.setChecked(value is not None or self.required)
        self.edit.setDate(to_qdate(value) if value is not None else QDate.currentDate())
