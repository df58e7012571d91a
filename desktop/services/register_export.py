"""The registers as print-ready sheets (合法性审查台账, 行政执法案件台账, 法律顾问名册, 法律顾问服务台账,
学法培训台账, 执法人员培训学时) and the 行政执法统计年报 workbook, all written from one ledger snapshot.

Each register sheet: 序号, then every field of the register in its own column (the column schema), then what
is computed from them (deadlines, verdicts, hours), then the hidden key column with the entry's uid."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.domain import columns as schema
from desktop.domain import registers as rules
from desktop.domain.files import component_name
from desktop.domain.models import Ledger
from desktop.services import export_target, register_totals, snapshot
from desktop.services.snapshot import Entry, LedgerSnapshot
from desktop.services.xlsx_sheets import KEY, Column, SheetWriter, Steps, new_workbook

MARKS = {"ok": "√", "fail": "×", "pending": "…", "na": "—"}
NO = Column("序号", 5)
STATISTICS_COLUMNS = [Column("执法类别", 10), Column("案件数", 8), Column("已作出决定", 9), Column("重大执法决定", 9),
                      Column("经法制审核", 9), Column("按时公示", 8), Column("逾期公示", 8), Column("逾期未公示", 9),
                      Column("待公示", 8), Column("不予公示", 8), Column("文字记录完整", 9),
                      Column("须全程音像", 9), Column("音像记录完整", 9)]


@dataclass(frozen=True)
class Computed:
    """A column computed from an entry (never read back): its sheet column and value(entry, snapshot)."""

    column: Column
    value: Callable[[Entry, LedgerSnapshot], object]


def _deadline(deadlines_of: str) -> Callable:
    def value(entry: Entry, snap: LedgerSnapshot):
        deadline = getattr(snap, deadlines_of).get(entry.id)
        return deadline.due if deadline else None
    return value


def _review_status(entry: Entry, snap: LedgerSnapshot) -> str:
    deadline = snap.review_deadlines[entry.id]
    return rules.review_status(entry.record, deadline, snap.today) + ("（期限为估算）" if deadline.estimated else "")


def _check(index: int) -> Callable:
    def value(entry: Entry, snap: LedgerSnapshot) -> str:
        check = snap.verdicts[entry.id].checks[index]
        return f"{MARKS[check.status]} {check.text}"
    return value


def _services_of(entry: Entry, snap: LedgerSnapshot) -> str:
    """服务次数 with their quantities and units (法律咨询 237 人次 counts 237), of the ledger's year."""
    year = snap.ledger.year
    return register_totals.quantity_text(
        s.record for s in snap.entries(rules.SERVICE)
        if s.record.adviser_id == entry.id and rules.checks.in_year(rules.SERVICE, s.record, year))


def _hours(snap: LedgerSnapshot) -> dict[int, float]:
    """The year's hours toward the 60-学时 target (business and legal training only: register_totals)."""
    year = snap.ledger.year
    return register_totals.officer_hours_by_id(
        e.record for e in snap.entries(rules.TRAINING) if rules.checks.in_year(rules.TRAINING, e.record, year))


def _case_warnings(entry: Entry, snap: LedgerSnapshot) -> str:
    """What 行政处罚法 Art.42/48/60 find wrong with the case (the page's 办案提示)."""
    officers = {o.record.name: o.record for o in snap.entries(rules.OFFICER)}
    return "\n".join(rules.checks.case_warnings(entry.record, officers).values())


def _matter_due(matter) -> date | None:
    found = rules.matters.matter_deadline(matter)
    return found[1].due if found else None


def _officer_verdict(entry: Entry, snap: LedgerSnapshot) -> str:
    got, target = _hours(snap).get(entry.id, 0.0), snap.officer_hours_target
    if not entry.record.active:
        return "不在岗"
    return "达标" if got >= target else f"未达标（差 {target - got:g} 学时）"


COMPUTED = {
    rules.REVIEW: (Computed(Column("审查期限", 10.5), _deadline("review_deadlines")),
                   Computed(Column("办理情况", 9, wrap=True), _review_status),
                   Computed(Column("决策程序提示", 20, wrap=True),
                            lambda e, _s: "\n".join(rules.review_warnings(e.record)))),
    rules.CASE: (Computed(Column("公示期限", 10.5), _deadline("publicity_deadlines")),
                 Computed(Column("执法公示", 16, wrap=True), _check(0)),
                 Computed(Column("全过程记录", 14, wrap=True), _check(1)),
                 Computed(Column("法制审核", 16, wrap=True), _check(2)),
                 Computed(Column("办案提示", 20, wrap=True), lambda e, s: _case_warnings(e, s))),
    rules.ADVISER: (Computed(Column("服务次数", 12, wrap=True), _services_of),),
    rules.SERVICE: (),
    rules.TRAINING: (Computed(Column("执法人员参训人数", 8), lambda e, _s: len(e.record.attendance)),),
    rules.MATTER: (Computed(Column("期限", 10.5), lambda e, _s: _matter_due(e.record)),
                   Computed(Column("办理情况", 9), lambda e, s: rules.matters.matter_state(e.record, s.today)),
                   Computed(Column("期限依据", 16, wrap=True), lambda e, _s: rules.matters.matter_basis(e.record))),
    rules.PUBLICITY: (),
    rules.OFFICER: (Computed(Column("年度培训学时", 8), lambda e, s: _hours(s).get(e.id, 0.0)),
                    Computed(Column("目标学时", 6), lambda _e, s: s.officer_hours_target),
                    Computed(Column("是否达标", 14, wrap=True), _officer_verdict)),
}
SHEET_NAMES = {rules.REVIEW: "合法性审查台账", rules.CASE: "行政执法案件台账", rules.ADVISER: "法律顾问名册",
               rules.SERVICE: "法律顾问服务台账", rules.TRAINING: "学法培训台账", rules.OFFICER: "执法人员培训学时",
               rules.MATTER: "复议应诉信访公开台账", rules.PUBLICITY: "普法活动台账"}
# (entity whose entries make the rows, sheet name): the registers in their sheet order
SHEETS = tuple(SHEET_NAMES.items())
# the first columns that say which entry a row is (序号 and its name or number), on every page of a sheet
# printed more than one page wide
IDENTIFYING = {rules.REVIEW: 3, rules.CASE: 2}


def sheet_columns(entity: str) -> list[Column]:
    return [NO, *(Column.of(f) for f in schema.columns(entity)), *(c.column for c in COMPUTED[entity]), KEY]


def _link_text(entity: str, key: str, value, snap: LedgerSnapshot) -> str:
    """A reference as its target reads: the review's title, the adviser's name."""
    target = {"legality_review_id": rules.REVIEW, "adviser_id": rules.ADVISER}.get(key)
    found = snap.entry(target, value) if target and value is not None else None
    return found.record.display_title if found else ""


def entry_row(entry: Entry, snap: LedgerSnapshot) -> list:
    """序号, every field as its cell holds it, the computed columns, the uid."""
    fields = [_link_text(entry.entity, f.key, getattr(entry.record, f.key), snap) if f.kind == schema.LINK
              else f.to_cell(getattr(entry.record, f.key)) for f in schema.columns(entry.entity)]
    return [entry.number, *fields, *(c.value(entry, snap) for c in COMPUTED[entry.entity]), entry.uid]


@dataclass(frozen=True)
class RegisterProof:
    """A register entry linked to a ledger item: evidence of it (登记即佐证), found in its register sheet."""

    item_id: int
    source: str  # the register's name: 合法性审查登记, 行政执法案件, …
    sheet: str
    number: int  # 序号 in that sheet
    on: date | None
    title: str
    uid: str = ""

    @property
    def where(self) -> str:
        return f"见“{self.sheet}”序号 {self.number}"


def register_proofs(snap: LedgerSnapshot) -> dict[int, list[RegisterProof]]:
    """Ledger item id → the register entries linked to it, numbered as in the register sheets."""
    found: dict[int, list[RegisterProof]] = {}
    for entity, name in SHEETS:
        for entry in snap.entries(entity):
            for item_id in entry.item_ids:
                found.setdefault(item_id, []).append(RegisterProof(
                    item_id, rules.REGISTER_LABELS[entity], name, entry.number, entry.record.display_date,
                    entry.record.display_title, entry.uid))
    return found


def write_register_sheets(book, snap: LedgerSnapshot, steps: Steps) -> list[str]:
    """One sheet per register, an empty register too: its header alone shows the inspector it was kept."""
    for entity in SHEET_NAMES:
        _write_register(book, entity, snap.entries(entity), snap, steps)
    return [name for _entity, name in SHEETS]


def _write_register(book, entity: str, entries, snap: LedgerSnapshot, steps: Steps) -> None:
    _write(book, SHEET_NAMES[entity], sheet_columns(entity), (entry_row(e, snap) for e in entries), steps,
           repeat=IDENTIFYING.get(entity, 1))


def _write(book, name: str, columns: list[Column], rows, steps: Steps, title: str | None = None,
           total_label: str | None = None, repeat: int = 1) -> None:
    sheet = SheetWriter(book, name, columns, title=title, repeat=repeat)
    for row in rows:
        steps.step()
        total = total_label is not None and row[0] == total_label
        sheet.add(row, bold=total, total=total)
    sheet.finish()


def export_registers(store, ledger_id: int, out_path: Path | str, *, progress=None, cancel=None,
                     today: date | None = None) -> Path:
    """A workbook of all six register sheets (empty ones included), written atomically."""
    steps = Steps(1, progress, cancel)
    steps.check()
    snap = snapshot.take(store, ledger_id, today)
    steps.total = max(1, snap.row_count())
    with new_workbook(out_path, snap.ledger.label) as book:
        write_register_sheets(book, snap, steps)
        steps.check()
    return Path(out_path)


# --- 行政执法统计年报 ------------------------------------------------------------------------------------

def _statistics_row(label: str, pairs: list) -> list:
    """pairs: (case, verdict) of one kind (or all)."""
    def count(test) -> int:
        return sum(1 for case, verdict in pairs if test(case, verdict))

    return [label, len(pairs),
            count(lambda c, v: c.decision_on is not None),
            count(lambda c, v: c.is_major),
            count(lambda c, v: c.is_major and v.review.status == "ok"),
            count(lambda c, v: v.publicity.status == "ok"),
            count(lambda c, v: c.published_on is not None and v.publicity.status == "fail"),
            count(lambda c, v: c.published_on is None and v.publicity.status == "fail"),
            count(lambda c, v: c.decision_on is not None and v.publicity.status == "pending"),
            count(lambda c, v: v.publicity.status == "na"),
            count(lambda c, v: c.text_record_complete),
            count(lambda c, v: c.requires_av),
            count(lambda c, v: c.requires_av and c.av_record_complete)]


def enforcement_statistics(snap: LedgerSnapshot) -> list[list]:
    """One row per enforcement kind and a 合计 row: the figures of the 行政执法统计年报."""
    pairs = [(e.record, snap.verdicts[e.id]) for e in snap.entries(rules.CASE)]
    rows = [_statistics_row(kind, [p for p in pairs if p[0].kind == kind]) for kind in rules.ENFORCEMENT_KINDS]
    return rows + [_statistics_row("合计", pairs)]


def statistics_file_name(ledger: Ledger) -> str:
    """A name Windows accepts whatever the unit is called (no / : * ? and no trailing dot)."""
    return component_name(f"{ledger.unit_name}{ledger.year}年度行政执法统计年报.xlsx")


def export_enforcement_statistics(store, ledger_id: int, out_path: Path | str, *, progress=None,
                                  cancel=None, today: date | None = None) -> Path:
    """The 行政执法统计年报 workbook: figures by kind, then every case with its three-system verdict."""
    out_path = export_target.checked(store, out_path)
    steps = Steps(1, progress, cancel)
    steps.check()
    return write_enforcement_statistics(snapshot.take(store, ledger_id, today, evidence_for=snapshot.no_evidence), out_path, steps)


def write_enforcement_statistics(snap: LedgerSnapshot, out_path: Path | str, steps: Steps) -> Path:
    rows = enforcement_statistics(snap)
    cases = snap.entries(rules.CASE)
    steps.total = max(1, len(rows) + len(cases))
    with new_workbook(out_path, snap.ledger.label) as book:
        _write(book, "执法统计", STATISTICS_COLUMNS, rows, steps,
               title=f"{snap.ledger.unit_name} {snap.ledger.year} 年度行政执法统计年报", total_label="合计")
        _write_register(book, rules.CASE, cases, snap, steps)
        steps.check()
    return Path(out_path)
