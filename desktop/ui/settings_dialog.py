"""设置: time limits per category, the yearly targets, holidays of years the built-in calendar lacks, and who
signs the progress workbook (填报人, 审核人 on its 封面)."""

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import workdays
from desktop.domain.errors import UserError
from desktop.services import register_settings
from desktop.store.store import Store


def _days_form(values: dict[str, int]) -> tuple[QWidget, dict[str, QSpinBox]]:
    page, boxes = QWidget(), {}
    form = QFormLayout(page)
    for key, days in values.items():
        box = QSpinBox()
        box.setRange(1, 60)
        box.setSuffix(" 个工作日")
        box.setValue(days)
        boxes[key] = box
        form.addRow(key, box)
    return page, boxes


def _parse_dates(text: str, what: str) -> list[date]:
    found = []
    for token in text.replace("，", " ").replace(",", " ").split():
        try:
            found.append(date.fromisoformat(token))
        except ValueError as exc:
            raise UserError(f"{what}中的“{token}”不是日期，请按 2031-01-01 的格式填写，每个日期之间用空格或换行分开。") from exc
    return found


class SettingsDialog(QDialog):
    def __init__(self, parent, store: Store, year: int, perform=None):
        """perform(fn): the window's way to run fn(store) -> Changes as one operation on its writer."""
        super().__init__(parent)
        self._perform = perform or (lambda fn: fn(store))
        self.setWindowTitle("设置")
        self.resize(560, 520)
        self.store, self.year = store, year
        review_page, self.review_boxes = _days_form(register_settings.review_days(store))
        publicity_page, self.publicity_boxes = _days_form(register_settings.publicity_days(store))
        self.target_boxes: dict[str, QDoubleSpinBox] = {}
        target_page = QWidget()
        target_form = QFormLayout(target_page)
        for key, value in register_settings.targets(store).items():
            box = QDoubleSpinBox()
            box.setRange(0, 1000)
            box.setDecimals(0)
            box.setValue(value)
            self.target_boxes[key] = box
            target_form.addRow(register_settings.TARGET_LABELS[key], box)
        self.tabs = QTabWidget()
        self.tabs.addTab(review_page, "合法性审查时限")
        self.tabs.addTab(publicity_page, "执法公示时限")
        self.tabs.addTab(target_page, "年度目标")
        self.tabs.addTab(self._calendar_page(), "节假日")
        self.tabs.addTab(self._signers_page(), "进度表签署")
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _calendar_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        entry = register_settings.user_calendar(self.store).years.get(self.year)
        if workdays.has_official_data(self.year) and entry is None:
            note = f"{self.year} 年的法定节假日和调休上班日已内置，无需填写。"
        else:
            note = (f"内置日历尚未收录 {self.year} 年的法定节假日安排，工作日暂按周一至周五估算。"
                    "国务院办公厅公布放假安排后，请在下面填入该年的放假日期和调休上班日期（每行或以空格分隔一个日期）。")
        label = self.calendar_note = QLabel(note)
        label.setWordWrap(True)
        self.holidays = QPlainTextEdit(" ".join(d.isoformat() for d in sorted(entry.holidays)) if entry else "")
        self.make_up = QPlainTextEdit(" ".join(d.isoformat() for d in sorted(entry.workdays)) if entry else "")
        layout.addWidget(label)
        layout.addWidget(QLabel(f"{self.year} 年放假日期："))
        layout.addWidget(self.holidays)
        layout.addWidget(QLabel(f"{self.year} 年调休上班日期（周末上班）："))
        layout.addWidget(self.make_up)
        return page

    def _signers_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        note = QLabel("导出的 Excel 进度表在“封面”上印出填报人和审核人。")
        note.setWordWrap(True)
        form.addRow(note)
        self.signer_boxes: dict[str, QLineEdit] = {}
        for key, name in register_settings.signers(self.store).items():
            box = self.signer_boxes[key] = QLineEdit(name)
            box.setMaxLength(register_settings.SIGNER_MAX)
            form.addRow(f"{register_settings.SIGNER_LABELS[key]}：", box)
        return page

    def accept(self):
        try:
            self.save()
        except UserError as exc:  # nothing typed is lost: the dialog stays open
            self.error.setText(str(exc))
            return
        super().accept()

    def save(self):
        holidays = _parse_dates(self.holidays.toPlainText(), "放假日期")
        make_up = _parse_dates(self.make_up.toPlainText(), "调休上班日期")
        calendar = (self.year, holidays, make_up) if holidays or make_up else (
            (self.year,) if self.year in register_settings.user_calendar(self.store).years else None)
        review = {k: b.value() for k, b in self.review_boxes.items()}
        publicity = {k: b.value() for k, b in self.publicity_boxes.items()}
        targets = {k: b.value() for k, b in self.target_boxes.items()}
        names = {k: b.text() for k, b in self.signer_boxes.items()}
        return self._perform(lambda store: register_settings.save_settings(
            store, review=review, publicity=publicity, target_values=targets, calendar_year=calendar,
            signer_names=names))

