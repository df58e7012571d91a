"""Create a year ledger: this year's, or a demo ledger with sample evidence (offered at first start). The
dialog says which checklist (outline and version) the ledger is built from — the built-in version for its
year unless the officer picks another installed one — and warns when the year lies outside its years."""

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
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

    def __init__(self, parent=None, *, first_start: bool = False, unit_name: str = "", create=None, store=None,
                 year: int | None = None):
        super().__init__(parent)
        self.create = create
        self.store = store
        self.ledger_id = None
        self.setWindowTitle("欢迎使用法治政府建设台账" if first_start else "新建年度台账")
        self.choice = None
        self.unit = QLineEdit(unit_name)
        self.unit.setPlaceholderText("例如：某某镇人民政府")
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(year or date.today().year)  # the window's today, which a test may fix
        intro = QLabel("按所选的任务清单（清单模板）建立年度台账。"
                       if not first_start else
                       "这是第一次启动。可以为本单位建立本年度台账，"
                       "也可以先打开一份带示例佐证的演示台账，熟悉程序的用法。")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("单位名称", self.unit)
        form.addRow("年度", self.year_box)
        self.template_box = QComboBox()  # the built-in version for the year, or another installed template
        self.template_note = QLabel(wordWrap=True)
        self.template_warning = QLabel(wordWrap=True, styleSheet="color: #b35900;")
        self._picked = False  # the officer chose a template: a new year no longer changes it
        self._fill_templates()
        form.addRow("任务清单", self.template_box)
        form.addRow("", self.template_note)
        form.addRow("", self.template_warning)
        self.year_box.valueChanged.connect(self._year_changed)
        self.template_box.activated.connect(self._template_picked)
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

    # ----- which template
    def _fill_templates(self):
        from desktop.services import templates  # loads the built-in checklists: only when the dialog opens

        self.choices = templates.choices(self.store) if self.store is not None else []
        for choice in self.choices:
            self.template_box.addItem(choice.label)
        self.template_box.setVisible(bool(self.choices))
        self._select_for_year()

    def _select_for_year(self):
        if not self.choices:
            return
        from desktop.services import templates

        default = templates.choice_for_year(self.store, self.year)
        self.template_box.setCurrentIndex(self.choices.index(default))
        self._describe()

    def _year_changed(self, _year):
        if self._picked:
            self._describe()
        else:
            self._select_for_year()

    def _template_picked(self, _index):
        self._picked = True
        self._describe()

    @property
    def template(self):
        """The chosen templates.TemplateChoice, or None without a store."""
        index = self.template_box.currentIndex()
        return self.choices[index] if self.choices and index >= 0 else None

    def _describe(self):
        from desktop.services import templates

        choice = self.template
        if choice is None:
            return
        self.template_note.setText(f"将使用：{choice.name}（版本 {choice.version}；"
                                   f"适用 {templates.years_label(choice.first_year, choice.last_year)}）")
        outside = not choice.covers(self.year)
        self.template_warning.setText(
            f"注意：{self.year} 年度不在该清单的适用年度（{templates.years_label(choice.first_year, choice.last_year)}）"
            "之内，请确认是否改选其他清单。" if outside else "")
        self.template_warning.setVisible(outside)

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
                self.ledger_id = self._call_create(choice)
            except UserError as exc:
                self.error.setText(str(exc))
                self.unit.setFocus()
                return
            except Exception as exc:  # unexpected: said in a box, the dialog and its input stay
                show_error(self, exc, "未能创建台账")
                return
        self.choice = choice
        self.accept()

    def _call_create(self, choice: str):
        """The default template for the year goes without a word (create_ledger picks it); another one the
        officer picked is passed on."""
        from desktop.services import templates

        picked = self.template
        if choice != "ledger" or picked is None or picked == templates.choice_for_year(self.store, self.year):
            return self.create(choice, self.unit_name, self.year)
        return self.create(choice, self.unit_name, self.year, template=picked)
