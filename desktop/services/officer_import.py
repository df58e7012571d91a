"""执法人员名册 from an Excel sheet: columns found by their header (姓名, 执法证号, 所在科室, 证件有效期), every row
checked as the form checks it, and all rows added in one operation (one undo step) — or none, with a
Chinese report naming each bad row, when any row is bad."""

from datetime import date
from pathlib import Path

from desktop.domain import columns as schema
from desktop.domain import registers as rules
from desktop.domain.errors import UserError, ValidationError
from desktop.services import registers, xlsx_guard
from desktop.services.ledgers import ensure_writable
from desktop.store import operations
from desktop.store.operations import Changes
from desktop.store.store import Store

FIELDS = ("name", "certificate_no", "department", "certificate_expires")
HEADERS = {schema.label(rules.OFFICER, f): f for f in FIELDS}  # 姓名 → name …
MAX_ROWS = 5000
MAX_REPORTED = 30


def read_rows(path: Path | str) -> list[tuple[int, dict]]:
    """(sheet row number, field values) of every non-empty row of the first sheet; UserError when the file
    cannot be read or a needed header is missing."""
    with xlsx_guard.open_workbook(path) as book:  # hostile files are refused before openpyxl parses them
        rows = xlsx_guard.rows_of(book.worksheets[0], path)
        header = next(rows, None) or ()
        where = {HEADERS[str(h).strip()]: i for i, h in enumerate(header) if h is not None
                 and str(h).strip() in HEADERS}
        if "name" not in where:
            raise UserError(f"第 1 行没有“姓名”列。表头应为：{'、'.join(HEADERS)}（姓名必填，其余可选）。")
        found = []
        for number, row in enumerate(rows, start=2):
            values = {f: row[i] if i < len(row) else None for f, i in where.items()}
            if all(v in (None, "") for v in values.values()):
                continue
            found.append((number, values))
            if len(found) > MAX_ROWS:
                raise UserError(f"表格超过 {MAX_ROWS} 行，请检查是否选错了文件。")
        return found


def _cleaned(number: int, raw: dict, today: date) -> dict:
    values = {}
    for name, value in raw.items():
        try:
            values[name] = schema.column(rules.OFFICER, name).from_cell(value)
        except schema.CellError as exc:
            raise ValidationError(name, f"第 {number} 行：{exc}") from None
    try:
        return rules.validate(rules.OFFICER, values, today)
    except ValidationError as exc:
        raise ValidationError(exc.field, f"第 {number} 行：{exc}") from None


def check_rows(store: Store, ledger_id: int, rows, today: date) -> tuple[list[dict], list[str]]:
    """(cleaned rows, problems): problems name the row and say what is wrong, in Chinese."""
    roster = registers.list_entries(store, rules.OFFICER, ledger_id)
    known_certificates = {o.certificate_no: o.name for o in roster if o.certificate_no}
    known_names = {o.name for o in roster}
    seen: dict[str, int] = {}
    named: dict[str, int] = {}  # a name without a certificate number twice in the file is one person twice
    cleaned, problems = [], []
    for number, raw in rows:
        try:
            values = _cleaned(number, raw, today)
        except ValidationError as exc:
            problems.append(str(exc))
            seen.setdefault(" ".join(str(raw.get("certificate_no") or "").split()), number)  # still a duplicate
            continue
        certificate = values["certificate_no"]
        if certificate and certificate in seen:
            problems.append(f"第 {number} 行：执法证号 {certificate} 与第 {seen[certificate]} 行重复。")
        elif certificate and certificate in known_certificates:
            problems.append(f"第 {number} 行：执法证号 {certificate} 已登记在名册中（{known_certificates[certificate]}）。")
        elif not certificate and values["name"] in known_names:
            problems.append(f"第 {number} 行：{values['name']} 已在名册中，且本行没有执法证号可区分。")
        elif not certificate and values["name"] in named:
            problems.append(f"第 {number} 行：{values['name']} 与第 {named[values['name']]} 行同名，且没有执法证号可区分。")
        seen.setdefault(certificate, number)
        named.setdefault(values["name"], number)
        cleaned.append(values)
    return cleaned, problems


def import_officers(store: Store, ledger_id: int, path: Path | str, *, today: date | None = None) -> Changes:
    """Add every row of the sheet to the unit's roster in one operation; .result is how many. Nothing is
    added when any row is bad (UserError with the report)."""
    ensure_writable(store, ledger_id)
    today = today or date.today()
    rows = read_rows(path)
    if not rows:
        raise UserError("表格中没有执法人员（第 2 行起为数据，第 1 行为表头）。")
    cleaned, problems = check_rows(store, ledger_id, rows, today)
    if problems:
        shown = problems[:MAX_REPORTED]
        more = f"\n……另有 {len(problems) - MAX_REPORTED} 处问题。" if len(problems) > MAX_REPORTED else ""
        raise UserError(f"没有导入任何人员：{len(problems)} 行有问题，请改正后重新导入。\n" + "\n".join(shown) + more)

    from desktop.services import backup  # as before every import (the round trip makes one too)

    backup.make_backup(store, "导入前")

    def add_all(op):
        for values in cleaned:
            registers.add(store, rules.OFFICER, ledger_id, values, today=today)
        op.relabel(f"导入执法人员 {len(cleaned)} 名（{Path(path).name}）")
        return len(cleaned)

    return operations.run(store.db, "导入执法人员", add_all, ledger_id)
