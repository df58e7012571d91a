"""Create a year ledger: this year's, or a demo ledger with sample evidence (offered at first start)."""

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop.domain.errors import UserError
from desktop.ui.messages import show_error


class NewLedgerDialog(QDialog):
    """After exec(): .choice is 'ledger' or 'demo', .unit_name and .year are filled in, and .ledger_id is what
    create(choice, unit_name, year) returned. A refusal (已经存在) shows in the dialog, which stays open with
    what was typed."""

    def __init__(self, parent=None, *, first_start: bool = False, unit_name: str = "", create=None):
        super().__init__(parent)
        self.create = create
        self.ledger_id = None
        self.setWindowTitle("欢迎使用法治政府建设台账" if first_start else "新建年度台账")
        self.choice = None
        self.unit = QLineEdit(unit_name)
        self.unit.setPlaceholderText("例如：某某镇人民政府")
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(date.today().year)
        intro = QLabel("按《法治政府建设实施纲要（2021－2025年）》乡镇（街道）任务清单建立年度台账。"
                       if not first_start else
                       "这是第一次启动。可以为本单位建立本年度台账，"
                       "也可以先打开一份带示例佐证的演示台账，熟悉程序的用法。")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("单位名称", self.unit)
        form.addRow("年度", self.year_box)
        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton("创建年度台账")
        self.buttons.addButton(self.create_button, QDialogButtonBox.AcceptRole)
        self.demo_button = None
        if first_start:
            self.demo_button = QPushButton("打开演示台账")
            self.buttons.addButton(self.demo_button, QDialogButtonBox.AcceptRole)
            self.demo_button.clicked.connect(lambda: self._choose("demo"))
        self.buttons.addButton("暂不创建" if first_start else "取消", QDialogButtonBox.RejectRole)
        self.create_button.clicked.connect(lambda: self._choose("ledger"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    @property
    def unit_name(self) -> str:
        return " ".join(self.unit.text().split())

    @property
    def year(self) -> int:
        return self.year_box.value()

    def _choose(self, choice: str):
        if choice == "ledger" and not self.unit_name:
            self.error.setText("请填写单位名称。")
            self.unit.setFocus()
            return
        if self.create is not None:
            try:
                self.ledger_id = self.create(choice, self.unit_name, self.year)
            except UserError as exc:
                self.error.setText(str(exc))
                self.unit.setFocus()
                return
            except Exception as exc:  # unexpected: said in a box, the dialog and its input stay
                show_error(self, exc, "未能创建台账")
                return
        self.choice = choice
        self.accept()
