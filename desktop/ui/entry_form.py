"""One dialog for every register: its fields come from the record's dataclass metadata (label, kind,
required, choices, range), so a new register field needs no new widget code."""

from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
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
from desktop.ui.messages import ERROR_STYLE

NONE_CHOICE = "（未填）"
NOTE_STYLE = "color: #b9770e;"  # a warning beside its field: the entry may still be saved


def _changed_signal(widget: QWidget):
    """The signal a field widget sends when the officer changes its value."""
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.valueChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    return widget.changed  # DateField


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
                 read_only: bool = False, default_links: Callable[[dict], list[int]] | None = None,
                 live_note: tuple[str, Callable[[dict], str]] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 680)
        self._save = save
        self._enabled_if = enabled_if or {}
        self.specs = [f for f in dataclass_fields(record_cls) if "label" in f.metadata]
        self.widgets: dict[str, QWidget] = {}
        self.field_errors: dict[str, QLabel] = {}
        self.field_notes: dict[str, QLabel] = {}  # warnings, shown while notes_for says so
        self._notes_for: Callable[[dict], dict[str, str]] | None = None
        self.form = form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)  # wrapped notes take the field's width
        for spec in self.specs:
            widget = self._widget_for(spec, (ref_choices or {}).get(spec.name, ()))
            self.widgets[spec.name] = widget
            label = "" if spec.metadata["kind"] == "bool" else spec.metadata["label"] + (
                " *" if spec.metadata["required"] else "")
            form.addRow(label, widget)
            self.field_errors[spec.name] = self._error_row(form)
            self.field_notes[spec.name] = self._error_row(form, NOTE_STYLE)
            if live_note is not None and live_note[0] == spec.name:
                self.live_note = QLabel()
                self.live_note.setObjectName("live_note")
                self.live_note.setWordWrap(True)
                form.addRow(self.live_note)
        self.links = ItemLinks(list(items), linked_item_ids)
        self.field_tabs: dict[str, QWidget] = {"item_ids": self.links}  # fields kept on tabs of their own
        self.files = FilesBox(files)
        self._fill(entry, defaults or {})
        self.error = QLabel()  # a refusal that concerns no single field
        self.error.setStyleSheet(ERROR_STYLE)
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
        self._live_note = live_note[1] if live_note is not None else None
        self._default_links = default_links
        self._links_follow = default_links is not None and (entry is None or sorted(linked_item_ids) == sorted(
            default_links(self.values())))  # a new entry's links follow its fields until ticked by hand
        self.links.list.itemChanged.connect(self._links_edited)
        for name, widget in self.widgets.items():
            _changed_signal(widget).connect(lambda *_args, name=name: self._field_changed(name))
        self._field_changed(None)
        self._sync_links_tab()

    @staticmethod
    def _error_row(form: QFormLayout, style: str = ERROR_STYLE) -> QLabel:
        """A red line under a field, shown only while that field is refused (or a warning's, in amber)."""
        label = QLabel()
        label.setStyleSheet(style)
        label.setWordWrap(True)
        form.addRow(label)  # a spanning row: a wrapped label in the field column gets a too narrow width
        form.setRowVisible(label, False)
        return label

    def showEvent(self, event):
        """Notes and error lines span the row; indented, they start under the fields they speak of."""
        super().showEvent(event)
        self.form.activate()
        margin = self.form.parentWidget().layout().contentsMargins().left()
        indent = max(0, min(w.x() for w in self.widgets.values() if w.isVisibleTo(self)) - margin)
        for label in [*self.field_errors.values(), *self.field_notes.values(), getattr(self, "live_note", None)]:
            if label is not None:
                label.setIndent(indent)

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
        page_layout = QVBoxLayout(fields_page)
        page_layout.addLayout(form)
        page_layout.addStretch(1)  # spare height goes below the rows, not into them
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields_page)
        self.scroll = scroll
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

    # ----- what follows the fields: error lines, warnings, the live note, the default links
    def set_field_notes(self, notes_for: Callable[[dict], dict[str, str]]) -> None:
        """notes_for(values) → {field: warning} shown under those fields as they are typed (still savable)."""
        self._notes_for = notes_for
        self._field_changed(None)

    def _show_notes(self, values: dict) -> None:
        notes = self._notes_for(values) if self._notes_for is not None else {}
        for name, label in self.field_notes.items():
            label.setText(notes.get(name, ""))
            self.form.setRowVisible(label, bool(notes.get(name)))

    def notes_text(self) -> str:
        """Every warning shown now (for tests and the officer: the same words)."""
        return "\n".join(label.text() for label in self.field_notes.values() if label.text())

    def _field_changed(self, name: str | None):
        if name is not None:
            self.clear_error(name)
        values = self.values()
        self._show_notes(values)
        if self._live_note is not None:
            self.live_note.setText(self._live_note(values))
        if self._links_follow:
            with QSignalBlocker(self.links.list):
                self.links.set_checked(self._default_links(values))
            self._sync_links_tab()

    def _sync_links_tab(self):
        self.tabs.setTabText(self.tabs.indexOf(self.links), f"证明的台账条目（{len(self.links.checked_ids())}）")

    def _links_edited(self, *_):
        self._links_follow = False  # the officer chose the links: they no longer follow the fields
        self.clear_error("item_ids")
        self._sync_links_tab()

    def clear_error(self, name: str):
        label = self.field_errors.get(name)
        if label is not None and label.text():
            label.clear()
            self.form.setRowVisible(label, False)
        if self.error.property("field") == name:
            self.error.clear()
            self.error.setProperty("field", None)

    def error_text(self) -> str:
        """Every refusal shown now (for tests and the officer: the same words)."""
        shown = [label.text() for label in self.field_errors.values() if label.text()]
        return "\n".join(shown + ([self.error.text()] if self.error.text() else []))

    def accept(self):
        values = self.values()
        try:
            self._save(values, self.links.checked_ids(), self.files.paths())
        except UserError as exc:  # keep the dialog and everything typed in it
            self._show_error(exc)
            return
        super().accept()

    def _show_error(self, exc: UserError):
        """Beside the field it concerns, with the focus there; else above the buttons."""
        for name in list(self.field_errors):
            self.clear_error(name)
        self.error.clear()
        name = getattr(exc, "field", "") if isinstance(exc, ValidationError) else ""
        label = self.field_errors.get(name)
        if label is None:
            self.error.setText(str(exc))
            self.error.setProperty("field", name or None)
            if name in self.field_tabs:  # a refusal about another tab's list: show that tab
                self.tabs.setCurrentWidget(self.field_tabs[name])
            return
        label.setText(str(exc))
        self.form.setRowVisible(label, True)
        self.tabs.setCurrentIndex(0)
        widget = self.widgets[name]
        self.scroll.ensureWidgetVisible(widget)
        (widget.edit if isinstance(widget, DateField) else widget).setFocus()
