"""One dialog for every register: its fields come from the record's dataclass metadata (label, kind,
required, choices, range), so a new register field needs no new widget code."""

from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError, ValidationError
from desktop.ui.dates import DateField
from desktop.ui.drops import AcceptsFiles, refusal_text, split_refused
from desktop.ui.item_links import ItemLinks

NONE_CHOICE = "（未填）"


class FilesBox(AcceptsFiles, QListWidget):
    """New files for the entry; they may be dropped here from the desktop. Executables and scripts are
    refused as they come, the reason in `refusal` and the `refused` signal."""

    refused = Signal(str)

    def __init__(self, files=(), parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.refusal = ""
        self.add_files(files)

    def add_files(self, paths) -> None:
        accepted, reasons = split_refused(paths)
        self.refusal = refusal_text(reasons)
        self.refused.emit(self.refusal)
        known = set(self.paths())
        for path in accepted:
            if path not in known:
                self.addItem(str(path))

    def paths(self) -> list[Path]:
        return [Path(self.item(r).text()) for r in range(self.count())]

    def on_files(self, paths):
        self.add_files(paths)


class EntryDialog(QDialog):
    """save(values, item_ids, files) stores the entry or raises UserError; the dialog then stays open
    with everything typed, the message shown and the field named by a ValidationError focused."""

    def __init__(self, parent, *, title: str, record_cls, save: Callable[[dict, list[int], list[Path]], None],
                 entry=None, defaults: dict | None = None, ref_choices: dict | None = None, items=(),
                 linked_item_ids=(), files=(), enabled_if: dict | None = None, follows: dict | None = None,
                 read_only: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 680)
        self._save = save
        self._enabled_if = enabled_if or {}
        self.specs = [f for f in dataclass_fields(record_cls) if "label" in f.metadata]
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        for spec in self.specs:
            widget = self._widget_for(spec, (ref_choices or {}).get(spec.name, ()))
            self.widgets[spec.name] = widget
            label = "" if spec.metadata["kind"] == "bool" else spec.metadata["label"] + (
                " *" if spec.metadata["required"] else "")
            form.addRow(label, widget)
        self.links = ItemLinks(list(items), linked_item_ids)
        self.files = FilesBox(files)
        self._fill(entry, defaults or {})
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.setText(self.files.refusal)
        self.files.refused.connect(self.error.setText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setEnabled(not read_only)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout(form)
        for name in self._enabled_if:
            self._connect_enabling(name)
        for name, (driver, defaults) in (follows or {}).items():
            self._connect_following(name, driver, defaults, fill_now=entry is None)

    # ----- building
    def _widget_for(self, spec, ref_choices) -> QWidget:
        meta = spec.metadata
        kind = meta["kind"]
        if kind == "text":
            widget = QPlainTextEdit()
            widget.setFixedHeight(64)
        elif kind in ("choice", "ref"):
            widget = QComboBox()
            if not meta["required"]:
                widget.addItem(NONE_CHOICE, None)
            for choice in (ref_choices if kind == "ref" else meta["choices"]):
                value, text = choice if kind == "ref" else (choice, choice)
                widget.addItem(text, value)
        elif kind == "date":
            widget = DateField(meta["required"])
        elif kind == "int":
            widget = QSpinBox()
            widget.setRange(int(meta["low"] if meta["low"] is not None else 0),
                            int(meta["high"] if meta["high"] is not None else 1_000_000))
        elif kind == "float":
            widget = QDoubleSpinBox()
            widget.setDecimals(1)
            widget.setRange(meta["low"] if meta["low"] is not None else 0,
                            meta["high"] if meta["high"] is not None else 1_000_000)
        elif kind == "bool":
            widget = QCheckBox(meta["label"])
        else:
            widget = QLineEdit()
        widget.setObjectName(spec.name)
        return widget

    def _layout(self, form: QFormLayout):
        fields_page = QWidget()
        fields_page.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields_page)
        files_page = QWidget()
        files_layout = QVBoxLayout(files_page)
        files_layout.addWidget(QLabel("保存时，这些文件作为本登记的佐证材料存入资料库（可把文件拖到这里）："))
        files_layout.addWidget(self.files, 1)
        add_button = QPushButton("添加文件…")
        add_button.clicked.connect(self._choose_files)
        files_layout.addWidget(add_button, 0, Qt.AlignLeft)
        tabs = QTabWidget()
        tabs.addTab(scroll, "登记内容")
        tabs.addTab(self.links, "证明的台账条目")
        tabs.addTab(files_page, "附件")
        self.tabs = tabs
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _connect_enabling(self, name: str):
        source, wanted = self._enabled_if[name]
        box = self.widgets[source]

        def sync(*_):
            self.widgets[name].setEnabled(self._value_of(source) == wanted)

        box.currentIndexChanged.connect(sync)
        sync()

    def _connect_following(self, name: str, driver: str, defaults: dict, fill_now: bool):
        """A value set by rule from another field (a review's time limit from its category) follows that
        field until the officer changes it by hand."""
        spec = next(s for s in self.specs if s.name == name)
        state = {"driver": self._value_of(driver)}

        def follow(*_):
            new_driver = self._value_of(driver)
            if self._value_of(name) == defaults.get(state["driver"]) and new_driver in defaults:
                self._set_value(spec, defaults[new_driver])
            state["driver"] = new_driver

        if fill_now and state["driver"] in defaults:
            self._set_value(spec, defaults[state["driver"]])
        self.widgets[driver].currentIndexChanged.connect(follow)

    def _choose_files(self):
        from desktop.ui import file_dialogs

        self.files.add_files(file_dialogs.open_files(self, file_dialogs.ATTACHMENT, "选择附件", "所有文件 (*)"))

    # ----- values
    def _fill(self, entry, defaults: dict):
        for spec in self.specs:
            value = getattr(entry, spec.name) if entry is not None else defaults.get(spec.name, spec.default)
            self._set_value(spec, value)

    def _set_value(self, spec, value):
        widget = self.widgets[spec.name]
        kind = spec.metadata["kind"]
        if kind == "text":
            widget.setPlainText(value or "")
        elif kind in ("choice", "ref"):
            index = widget.findData(value) if value not in (None, "") else widget.findData(None)
            widget.setCurrentIndex(max(index, 0))
        elif kind == "date":
            widget.set_value(value)
        elif kind in ("int", "float"):
            widget.setValue(value or 0)
        elif kind == "bool":
            widget.setChecked(bool(value))
        else:
            widget.setText(value or "")

    def _value_of(self, name: str):
        widget = self.widgets[name]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            data = widget.currentData()
            if data is None:  # 未填: an empty choice, or no reference
                return "" if self._kind(name) == "choice" else None
            return data
        if isinstance(widget, DateField):
            return widget.value()
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            return widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        return widget.text()

    def _kind(self, name: str) -> str:
        return next(s.metadata["kind"] for s in self.specs if s.name == name)

    def values(self) -> dict:
        return {spec.name: self._value_of(spec.name) for spec in self.specs}

    def accept(self):
        values = self.values()
        try:
            self._save(values, self.links.checked_ids(), self.files.paths())
        except UserError as exc:  # keep the dialog and everything typed in it
            self._show_error(exc)
            return
        super().accept()

    def _show_error(self, exc: UserError):
        self.error.setText(str(exc))
        widget = self.widgets.get(getattr(exc, "field", "")) if isinstance(exc, ValidationError) else None
        if widget is not None:
            self.tabs.setCurrentIndex(0)
            widget.setFocus()
