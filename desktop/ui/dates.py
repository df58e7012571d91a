"""Conversion between Python dates and Qt dates."""

from datetime import date

from PySide6.QtCore import QDate


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
