"""Which enforcement officers attended a training: a tab of the training dialog."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.domain import registers as rules
from desktop.services import registers as register_service


class AttendanceList(QWidget):
    """Officers on the roster, ticked when present; each is credited with the training's hours."""

    def __init__(self, officers, present_hours: dict | None = None, parent=None):
        super().__init__(parent)
        self.list = QListWidget()
        self.present_hours = dict(present_hours or {})  # hours already recorded stay as they were
        present = set(self.present_hours)
        for officer in officers:
            entry = QListWidgetItem(f"{officer.name}　{officer.department}".strip())
            entry.setData(Qt.UserRole, officer.id)
            entry.setFlags(entry.flags() | Qt.ItemIsUserCheckable)
            entry.setCheckState(Qt.Checked if officer.id in present else Qt.Unchecked)
            self.list.addItem(entry)
        layout = QVBoxLayout(self)
        text = "勾选参加本次培训的执法人员，每人计入本次学时（执法人员培训每人每年不少于 60 学时）："
        layout.addWidget(QLabel(text if officers else "执法人员名册为空：请先在“执法人员”页登记。"))
        layout.addWidget(self.list, 1)

    def pairs(self) -> list[tuple[int, float | None]]:
        """(officer id, hours): recorded hours kept, newly ticked officers get the session's (None)."""
        ticked = [self.list.item(r).data(Qt.UserRole) for r in range(self.list.count())
                  if self.list.item(r).checkState() == Qt.Checked]
        return [(officer_id, self.present_hours.get(officer_id)) for officer_id in ticked]


def add_attendance_tab(dialog, ctx, entry) -> None:
    officers = [o for o in register_service.list_entries(ctx.store, rules.OFFICER, ctx.ledger_id) if o.active]
    present = {a.officer_id: a.hours for a in entry.attendance} if entry is not None else {}
    dialog.attendance = AttendanceList(officers, present)
    dialog.tabs.insertTab(1, dialog.attendance, "参训执法人员")
    dialog.field_tabs["attendance"] = dialog.attendance
    dialog.attendance.list.itemChanged.connect(lambda _entry: dialog.clear_error("attendance"))
