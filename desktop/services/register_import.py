"""Register rows from an Excel sheet — 执法人员, 法律顾问, 执法案件 — one piece of code driven by the column
schema: columns found by their Chinese label (the labels the register sheets of the workbook carry, so an
exported sheet comes back in), every row checked as the entry form checks it, duplicates in the file and in
the register refused, and all rows added in one operation (one undo step) — or none, with a Chinese report
naming each bad row. A backup is made first."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.domain import columns as schema
from desktop.domain import registers as rules
from desktop.domain.errors import UserError, ValidationError
from desktop.services import registers
from desktop.services.ledgers import ensure_writable
from desktop.services.register_sheet import Sheet, read_sheet
from desktop.store.operations import Changes
from desktop.store.store import Store

ENTITIES = (rules.OFFICER, rules.ADVISER, rules.CASE)
MAX_REPORTED = 30
LINKS = {"legality_review_id": rules.REVIEW, "adviser_id": rules.ADVISER}  # a reference's cell: its title


@dataclass(frozen=True)
class Spec:
    noun: str  # 没有导入任何{noun}
    measure: str  # 导入执法人员 3 名
    register: str  # where an entry already is: 已登记在名册中
    key: tuple[str, ...]  # the fields that tell two entries apart (the last one may be left empty)
    loose: str | None = None  # when the key is incomplete: the field that alone must then be unique


SPECS = {rules.OFFICER: Spec("人员", "名", "名册", ("certificate_no",), "name"),
         rules.ADVISER: Spec("法律顾问", "名", "名册", ("name", "firm"), "name"),
         rules.CASE: Spec("案件", "件", "台账", ("case_no",))}


def _spec(entity: str) -> Spec:
    if entity not in SPECS:
        raise ValueError(f"{entity} cannot be imported")
    return SPECS[entity]


def needed(entity: str) -> tuple[str, ...]:
    """The fields a sheet must have a column for: required and without a default."""
    filled = registers.defaulted_field(entity)
    defaults = {f.name: f.default for f in rules.column_fields(entity)}
    return tuple(c.key for c in schema.columns(entity)
                 if c.required and defaults[c.key] in ("", None) and c.key != filled)


def describe(entity: str) -> str:
    """What the sheet must look like, in Chinese (the import dialog shows it)."""
    labels = [c.label for c in schema.columns(entity)]
    required = [schema.label(entity, f) for f in needed(entity)]
    choices = "；".join(f"“{c.label}”填{'、'.join(c.choices)}之一" for c in schema.columns(entity)
                       if c.kind == schema.CHOICE and c.choices)
    from desktop.services.register_export import SHEET_NAMES  # the sheet an exported workbook holds

    return (f"第 1 行为表头（可用本程序导出的进度表中的“{SHEET_NAMES[entity]}”工作表），下一行起每行一{_spec(entity).measure}"
            f"{rules.REGISTER_LABELS[entity]}。可用的列：{'、'.join(labels)}；必须有的列：{'、'.join(required)}，"
            "其余可选，顺序不限，其他列不读。日期可写作 2025-03-01、2025/3/1 或 2025年3月1日；“是/否”列填是或否"
            + (f"；{choices}。" if choices else "。"))


def read_rows(entity: str, path: Path | str) -> Sheet:
    return read_sheet(entity, path, needed(entity), describe(entity))


@dataclass
class Checked:
    """What import_file would add: the cleaned rows, and the problems that stop it (none: it may go)."""

    entity: str
    labels: list[str]  # the columns found, for a preview table
    fields: list[str]  # their field names, parallel to labels
    rows: list[dict] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # each row's number in the sheet
    preview: list[list[str]] = field(default_factory=list)  # each row as text, parallel to labels
    problems: list[str] = field(default_factory=list)
    sheet: str = ""  # the sheet read
    empty: bool = False  # no data row below the header

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems

    def report(self) -> str:
        spec = SPECS[self.entity]
        shown = self.problems[:MAX_REPORTED]
        more = f"\n……另有 {len(self.problems) - MAX_REPORTED} 处问题。" if len(self.problems) > MAX_REPORTED else ""
        return (f"没有导入任何{spec.noun}：{len(self.problems)} 行有问题，请改正后重新导入。\n"
                + "\n".join(shown) + more)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(column: schema.Column, value):
    if column.kind in (schema.INT, schema.NUMBER) and isinstance(value, str):
        value = value.replace(",", "").replace("，", "")  # 2,000 as text
    if column.kind == schema.CHOICE and isinstance(value, str):
        value = _choice_of_full_name(column.choices, value)
    return column.from_cell(value)


def _choice_of_full_name(choices: tuple[str, ...], value: str) -> str:
    """The usual full name of a choice kept short (行政处罚 → 处罚, 行政征收 → 征收征用), else the value as it is."""
    text = value.strip()
    if text in choices or not text.startswith("行政"):
        return value
    short = text.removeprefix("行政")
    found = [c for c in choices if c == short or (len(short) >= 2 and c.startswith(short))]
    return found[0] if len(found) == 1 else value


class _Links:
    """A reference column's text (the title the export writes) → the entry's id, among the ledger's."""

    def __init__(self, store: Store, entity: str, ledger_id: int, found: list[str]):
        self.by_title: dict[str, dict[str, list[int]]] = {}
        self.titles: dict[str, dict[int, str]] = {}
        for name in found:
            if name in LINKS:
                entries = registers.list_entries(store, LINKS[name], ledger_id)
                self.titles[name] = {e.id: e.display_title for e in entries}
                by_title = self.by_title[name] = {}
                for entry in entries:
                    by_title.setdefault(" ".join(entry.display_title.split()), []).append(entry.id)

    def resolve(self, entity: str, name: str, value) -> int:
        text = " ".join(str(value).split())
        found = self.by_title.get(name, {}).get(text, [])
        label = schema.label(entity, name)
        if not found:
            where = rules.REGISTER_LABELS[LINKS[name]]
            raise ValidationError(name, f"{label}：“{text}”不在本年度{where}中（请先登记，或清空此格）。")
        if len(found) > 1:
            raise ValidationError(name, f"{label}：“{text}”有 {len(found)} 条同名记录，无法确定是哪一条。")
        return found[0]


def _cleaned(store: Store, entity: str, ledger_id: int, raw: dict, today: date, links: _Links) -> dict:
    values = {}
    for name, value in raw.items():
        if _blank(value):
            continue  # an empty cell takes the field's default, as an untouched form field does
        column = schema.column(entity, name)
        try:
            values[name] = links.resolve(entity, name, value) if column.kind == schema.LINK else _cell(column, value)
        except schema.CellError as exc:
            raise ValidationError(name, str(exc)) from None
    return registers.validated(store, entity, ledger_id, values, today=today)


def _key_text(entity: str, spec: Spec, key: tuple) -> str:
    return "、".join(f"{schema.label(entity, f)} {v}" for f, v in zip(spec.key, key, strict=True))


def _raw_key(entity: str, spec: Spec, raw: dict) -> tuple | None:
    """A bad row's key as well as it reads: the rows after it are still checked against it."""
    key = []
    for name in spec.key:
        try:
            key.append(schema.column(entity, name).from_cell(raw.get(name)) or "")
        except schema.CellError:
            key.append("")
    return tuple(key) if all(key) else None


class _Duplicates:
    """Entries already in the register (the unit's people, the ledger's cases) and rows earlier in the file."""

    def __init__(self, store: Store, entity: str, ledger_id: int):
        self.entity, self.spec = entity, SPECS[entity]
        existing = registers.list_entries(store, entity, ledger_id)
        self.known = {k: e.display_title for e in existing if (k := self._key(vars(e)))}
        self.known_names = {getattr(e, self.spec.loose) for e in existing} if self.spec.loose else set()
        self.seen: dict[tuple, int] = {}
        self.named: dict[str, int] = {}

    def _key(self, values: dict) -> tuple | None:
        key = tuple(values.get(f) or "" for f in self.spec.key)
        return key if all(key) else None

    def problem(self, number: int, values: dict) -> str | None:
        spec, key = self.spec, self._key(values)
        name = values.get(spec.loose) if spec.loose else None
        missing = schema.label(self.entity, spec.key[-1])
        found = None
        if key and key in self.seen:
            found = f"{_key_text(self.entity, spec, key)} 与第 {self.seen[key]} 行重复。"
        elif key and key in self.known:
            found = f"{_key_text(self.entity, spec, key)} 已登记在{spec.register}中（{self.known[key]}）。"
        elif not key and name in self.known_names:
            found = f"{name} 已在{spec.register}中，且本行没有{missing}可区分。"
        elif not key and name in self.named:
            found = f"{name} 与第 {self.named[name]} 行同名，且没有{missing}可区分。"
        self.note(number, key, name)
        return found

    def note(self, number: int, key: tuple | None, name: str | None = None) -> None:
        if key:
            self.seen.setdefault(key, number)
        if name:
            self.named.setdefault(name, number)


def _preview(entity: str, fields: list[str], values: dict, links: _Links) -> list[str]:
    return [links.titles[f].get(values[f], "") if f in links.titles and values[f] is not None
            else schema.column(entity, f).display(values[f]) for f in fields]


def check_file(store: Store, entity: str, ledger_id: int, path: Path | str, today: date | None = None) -> Checked:
    """Read and check the sheet without changing anything (safe off the GUI thread). UserError when the
    file itself cannot be used (refused by the guard, no header, too many rows)."""
    spec, today = _spec(entity), today or date.today()
    sheet = read_rows(entity, path)
    fields = [c.key for c in schema.columns(entity) if c.key in sheet.fields]
    checked = Checked(entity, [schema.label(entity, f) for f in fields], fields, sheet=sheet.name,
                      empty=not sheet.rows)
    checked.problems.extend(text for _number, text in sheet.problems)
    links, duplicates = _Links(store, entity, ledger_id, fields), _Duplicates(store, entity, ledger_id)
    for number, raw in sheet.rows:
        try:
            values = _cleaned(store, entity, ledger_id, raw, today, links)
        except ValidationError as exc:
            checked.problems.append(f"第 {number} 行：{exc}")
            duplicates.note(number, _raw_key(entity, spec, raw))
            continue
        problem = duplicates.problem(number, values)
        if problem:
            checked.problems.append(f"第 {number} 行：{problem}")
        checked.rows.append(values)
        checked.numbers.append(number)
        checked.preview.append(_preview(entity, fields, values, links))
    if checked.empty:
        checked.problems.append(f"表格中没有{rules.REGISTER_LABELS[entity]}（表头下一行起为数据）。")
    return checked


def import_file(store: Store, entity: str, ledger_id: int, path: Path | str, *, today: date | None = None) -> Changes:
    """Add every row of the sheet in one operation; .result is how many. Nothing is added when any row is
    bad (UserError with the report naming each bad row)."""
    ensure_writable(store, ledger_id)
    today = today or date.today()
    checked = check_file(store, entity, ledger_id, path, today)
    if checked.empty:
        raise UserError(checked.problems[0])
    if checked.problems:
        raise UserError(checked.report())

    from desktop.services import backup  # before every import (the round trip makes one too)

    backup.make_backup(store, "导入前")
    spec, count = SPECS[entity], len(checked.rows)
    label = f"导入{rules.REGISTER_LABELS[entity]} {count} {spec.measure}（{Path(path).name}）"
    return registers.add_many(store, entity, ledger_id, checked.rows, label, today=today)
