"""The 任务清单 comes back: a progress workbook a colleague edited in WPS or Excel is read (through the guard),
its rows matched to the ledger's items by the hidden key (the item's uid, never the row's position), and its
editable fields (进度, 落实结果, 不适用理由, 责任科室, 责任人, 完成时限, 备注, and the typed indicator values of
指标完成情况) compared with the ledger. read() says what would change, item by item, and which cells cannot be
read; apply() writes the accepted changes as one operation (one undo step), after a backup."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.domain import columns as schema
from desktop.domain.errors import UserError, ValidationError
from desktop.domain.validation import validate_item_fields
from desktop.services import backup, export_xlsx, ledger_rules, ledgers, snapshot, xlsx_guard
from desktop.services.xlsx_sheets import KEY_TITLE
from desktop.store import change_log, operations
from desktop.store.operations import Changes
from desktop.store.store import Store

TASKS, INDICATORS = "任务清单", "指标完成情况"
FIELDS = ("progress", "result", "na_reason", "department", "owner", "due_date", "remark")
INDICATOR_VALUE, INDICATOR_KEY = "完成值", "指标键"
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Change:
    item_id: int
    code: str
    field: str  # a ledger item field, or "indicator:<key>"
    label: str
    old: str  # as the page shows it
    new: str
    value: object  # what is written

    def __str__(self) -> str:
        return f"{self.code} {self.label}：{self.old or '（空）'} → {self.new or '（空）'}"


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str  # the column's header
    why: str

    def __str__(self) -> str:
        where = f"“{self.column}”列" if self.column else ""
        row = f"第 {self.row} 行" if self.row else ""
        return f"{self.sheet}{row}{where}：{self.why}"


@dataclass(frozen=True)
class Diff:
    file_name: str
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]

    def summary(self) -> str:
        items = len({c.item_id for c in self.changes})
        text = f"{self.file_name}：{items} 项共 {len(self.changes)} 处修改"
        return text + (f"，{len(self.problems)} 处不会导入" if self.problems else "")


def read(store: Store, ledger_id: int, path: Path | str, today: date | None = None) -> Diff:
    """What the workbook would change in the ledger; UserError when it is not this ledger's workbook."""
    path = Path(path)
    snap = snapshot.take(store, ledger_id, today, evidence_for=snapshot.no_evidence)
    with xlsx_guard.open_workbook(path) as book:
        props = {p.name: p.value for p in getattr(book.custom_doc_props, "props", ())}
        _check_identity(snap, props, path)
        if TASKS not in book.sheetnames:
            raise UserError(f"{path.name} 中没有“{TASKS}”工作表，不是本程序导出的进度表。")
        problems: list[Problem] = []
        edits = _task_edits(snap, _sheet_rows(book[TASKS], path), problems)
        values = (_indicator_edits(snap, _sheet_rows(book[INDICATORS], path), _computed(store, ledger_id), problems)
                  if INDICATORS in book.sheetnames else {})
    changes = _changes(snap, edits, values, problems)
    since = _exported_when(props)
    if since is not None:  # edits made here after the export win over the file's older copy of them
        before = change_log.item_values_before(store.db, ledger_id, since)
        changes = _without_later_edits(snap, changes, before, {i: n for i, (n, _f) in edits.items()}, problems)
    return Diff(path.name, tuple(changes), tuple(problems))


def _check_identity(snap, props: dict, path: Path) -> None:
    """The document properties name the ledger; a workbook whose properties were lost (some programs drop
    them) is still checked by its keys in _task_edits."""
    uid, year = props.get("fazhi.ledger_uid"), props.get("fazhi.year")
    if uid and uid != snap.ledger_uid or year not in (None, "") and _whole_number(year) != snap.ledger.year:
        shown = _whole_number(year) or year or ""
        other = f"{props.get('fazhi.unit', '')} {shown} 年度".strip()  # spaced as a ledger's label is
        raise UserError(f"{path.name} 是另一本台账（{other}）导出的进度表，不能导入到{snap.ledger.label}。")
    version = props.get("fazhi.schema")
    if version in (None, ""):
        return
    number = _whole_number(version)
    if number is None:
        raise UserError(f"{path.name} 的版本标记（{version}）无法识别，不是本程序导出的进度表。")
    if number > export_xlsx.SCHEMA_VERSION:
        raise UserError(f"{path.name} 由更新版本的程序导出，请先升级本程序。")


def _exported_when(props: dict) -> int | str | None:
    """Where the change log stood when the file was exported: its row id, or (older files) the time."""
    position = _whole_number(props.get("fazhi.log_position"))
    if position is not None:
        return position
    return str(props.get("fazhi.exported_at") or "").strip() or None


def _whole_number(value) -> int | None:
    """A number property as Excel, WPS or LibreOffice store it (2025, 2025.0, "2025.0"); None if none."""
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _sheet_rows(sheet, path: Path) -> tuple[dict[str, int], list[tuple[int, tuple]]]:
    """(header → column index, [(row number, values)]) of a sheet whose header is its first row."""
    rows = xlsx_guard.rows_of(sheet, path)
    header = next(rows, None) or ()
    where = {str(h).strip(): i for i, h in enumerate(header) if h is not None}
    body = []
    for number, row in enumerate(rows, start=2):
        if any(v not in (None, "") for v in row):
            body.append((number, row))
            if len(body) > MAX_ROWS:
                raise UserError(f"{path.name} 的“{sheet.title}”超过 {MAX_ROWS} 行，请检查是否选错了文件。")
    return where, body


def _cell(row: tuple, index: int | None):
    return row[index] if index is not None and index < len(row) else None


def _task_edits(snap, sheet, problems: list[Problem]) -> dict[int, tuple[int, dict]]:
    """Item id → (row number, {field: value read}) for every keyed row; unreadable cells become problems."""
    where, rows = sheet
    if KEY_TITLE not in where:
        raise UserError(f"“{TASKS}”中没有标识列（{KEY_TITLE}），无法按条目匹配。请使用本程序导出的进度表。")
    by_uid = {i.uid: i for i in snap.checklist() if i.uid}
    columns = [schema.column(schema.LEDGER_ITEM, f) for f in FIELDS]
    edits: dict[int, dict] = {}
    seen: dict[str, int] = {}
    foreign = 0
    for number, row in rows:
        uid = str(_cell(row, where[KEY_TITLE]) or "").strip()
        item = by_uid.get(uid)
        if item is None:
            foreign += bool(uid)
            why = "标识不属于本台账，已忽略。" if uid else "没有标识（可能是新插入的行），已忽略。"
            problems.append(Problem(TASKS, number, KEY_TITLE, why))
            continue
        if uid in seen:
            problems.append(Problem(TASKS, number, KEY_TITLE, f"与第 {seen[uid]} 行是同一条目，已忽略本行。"))
            continue
        seen[uid] = number
        fields = {}
        for column in columns:
            if column.label not in where:
                continue
            try:
                fields[column.key] = column.from_cell(_cell(row, where[column.label]))
            except schema.CellError as exc:
                problems.append(Problem(TASKS, number, column.label, str(exc)))
        edits[item.id] = (number, fields)
    if rows and not seen and foreign:
        raise UserError(f"“{TASKS}”中的条目都不属于{snap.ledger.label}，这是另一本台账的进度表。")
    return edits


def _computed(store: Store, ledger_id: int) -> set[tuple[str, str]]:
    """(item code, indicator key) of every indicator the template has counted or computed, never typed —
    also while it has no figure now (a 办理率 without matters) though it had one when exported."""
    declared = ledger_rules.of_ledger(store, ledger_id)
    rates = {(declared.code(r.item), r.indicator) for r in declared.rules.rates if declared.code(r.item)}
    return rates | {(code, rule.indicator) for code, rule in declared.counted()}


def _indicator_edits(snap, sheet, computed: set[tuple[str, str]], problems: list[Problem]) -> dict[int, dict]:
    """Item id → {indicator key: value} for typed indicators (counted ones are the registers' figures)."""
    where, rows = sheet
    if not {KEY_TITLE, INDICATOR_KEY, INDICATOR_VALUE} <= set(where):
        return {}
    codes = {i.id: i.code for i in snap.checklist()}
    known = {(r.item_uid, r.key): r for r in snap.indicators}
    number_column = schema.Column("value", INDICATOR_VALUE, schema.NUMBER)
    values: dict[int, dict] = {}
    for number, row in rows:
        found = known.get((str(_cell(row, where[KEY_TITLE]) or "").strip(),
                           str(_cell(row, where[INDICATOR_KEY]) or "").strip()))
        if found is None:
            continue
        try:
            value = number_column.from_cell(_cell(row, where[INDICATOR_VALUE]))
        except schema.CellError as exc:
            problems.append(Problem(INDICATORS, number, INDICATOR_VALUE, str(exc)))
            continue
        if found.status.counted or (codes.get(found.item_id), found.key) in computed:
            # one without its figure now is empty, not typed: the file's old figure is no edit
            if value != found.status.value and found.status.value is not None:
                problems.append(Problem(INDICATORS, number, INDICATOR_VALUE, "该指标由专项台账自动统计，不能在表格中修改。"))
            continue
        values.setdefault(found.item_id, {})[found.key] = value
    return values


def _changes(snap, edits: dict, values: dict, problems: list[Problem]) -> list[Change]:
    rows = {i.id: i for i in snap.checklist()}
    found = []
    for item in (i for i in snap.checklist() if i.id in edits or i.id in values):
        current = export_xlsx.task_values(item, "")
        item_changes = []
        number, read_fields = edits.get(item.id, (0, {}))
        for key, new in read_fields.items():
            column = schema.column(schema.LEDGER_ITEM, key)
            old = column.from_cell(column.to_cell(current[key]))
            if new != old:
                item_changes.append(Change(item.id, item.code, key, column.label, column.display(old),
                                           column.display(new), new))
        for key, new in values.get(item.id, {}).items():
            old = item.indicator_values.get(key)
            if new != old:
                item_changes.append(Change(item.id, item.code, f"indicator:{key}", _indicator_label(item, key),
                                           _number_text(old), _number_text(new), new))
        fields = {c.field: c.value for c in item_changes if not c.field.startswith("indicator:")}
        try:
            validate_item_fields({"result": rows[item.id].effective_result,
                                  "na_reason": rows[item.id].shown_na_reason, **fields})
        except ValidationError as exc:
            problems.append(Problem(TASKS, number, schema.label(schema.LEDGER_ITEM, exc.field),
                                    f"{item.code}：{exc}（本条目的修改未列入）"))
            continue
        found.extend(item_changes)
    return found


def _without_later_edits(snap, changes: list[Change], before: dict, rows: dict[int, int],
                         problems: list[Problem]) -> list[Change]:
    """The changes of fields whose value here is still the one exported. For a field changed here since, the
    file's cell is either still what was exported (the colleague left it: the newer value here stays) or
    edited on both sides (neither is taken: the officer decides) — never silently turned back."""
    items = {i.id: i for i in snap.checklist()}
    kept = []
    for change in changes:
        key = (change.item_id, change.field)
        exported = _as_stored(change.field, before[key]) if key in before else None
        if key not in before or exported == _stored_now(items[change.item_id], change.field):
            kept.append(change)  # not changed here since (or changed and changed back)
            continue
        here = change.old or "（空）"
        if change.value == exported:
            why = f"{change.code}：导出后已在本机改为“{here}”，表中仍是导出时的值，保留本机的值。"
        else:
            why = (f"{change.code}：导出后本机已改为“{here}”，表中又改为“{change.new or '（空）'}”，"
                   "两处都改过，未导入；请核对后在程序中修改。")
        problems.append(Problem(TASKS, rows.get(change.item_id, 0), change.label, why))
    return kept


def _stored_now(item, field: str):
    if field.startswith("indicator:"):
        return item.indicator_values.get(field.split(":", 1)[1])
    return _as_stored(field, getattr(item, field))


def _as_stored(field: str, stored):
    """A stored value (logged, or the item's) as the round trip reads its cell (None when unreadable)."""
    if field.startswith("indicator:"):
        return None if stored is None else float(stored)
    column = schema.column(schema.LEDGER_ITEM, field)
    try:
        return column.from_cell(column.to_cell(column.from_cell(stored)))
    except schema.CellError:
        return None


def _indicator_label(item, key: str) -> str:
    name = next((i.name for i in item.indicators if i.key == key), key)
    return f"指标（{name}）"


def _number_text(value) -> str:
    return "" if value is None else f"{value:g}"


def apply(store: Store, ledger_id: int, accepted, *, file_name: str = "", make_backup: bool = True) -> Changes:
    """The accepted changes as one operation "从 Excel 导入 N 项修改" (one undo step); a backup first."""
    accepted = list(accepted)
    if not accepted:
        return Changes(label="", ledger_id=ledger_id)
    ledgers.ensure_writable(store, ledger_id)
    if make_backup:
        backup.make_backup(store, "导入前")
    per_item: dict[int, tuple[dict, dict]] = {}
    for change in accepted:
        fields, values = per_item.setdefault(change.item_id, ({}, {}))
        if change.field.startswith("indicator:"):
            values[change.field.split(":", 1)[1]] = change.value
        else:
            fields[change.field] = change.value

    def write(op):
        for item_id, (fields, values) in per_item.items():
            if ledgers.get_item(store, item_id).ledger_id != ledger_id:
                raise UserError("修改中含有其他台账的条目，未导入。")
            ledgers.update_item(store, item_id, fields, values or None)
        return len(per_item)

    label = f"从 Excel 导入 {len(per_item)} 项修改" + (f"（{file_name}）" if file_name else "")
    return operations.run(store.db, label, write, ledger_id)
