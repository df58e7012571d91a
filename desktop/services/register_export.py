"""The registers as print-ready sheets (合法性审查台账, 行政执法案件台账, 法律顾问名册, 法律顾问服务台账,
学法培训台账, 执法人员培训学时) and the 行政执法统计年报 workbook, all through xlsx_sheets."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.domain import registers as rules
from desktop.domain.workdays import UserCalendar
from desktop.services import ledgers, register_settings, registers
from desktop.services.xlsx_sheets import HEADER_FONT, Column, SheetWriter, Steps, new_workbook, save
from desktop.store import registers_repo
from desktop.store.store import Store

MARKS = {"ok": "√", "fail": "×", "pending": "…", "na": "—"}
NO = Column("序号", 6)
# Fields that read together share a column, so a sheet fits an A4 landscape page at a legible scale.
REVIEW_COLUMNS = [NO, Column("审查类别", 10, wrap=True), Column("审查事项", 28, wrap=True),
                  Column("送审科室", 10, wrap=True), Column("收件日期", 11), Column("时限（工作日）", 7),
                  Column("审查期限", 11), Column("办理情况", 10, wrap=True), Column("审查人员", 9, wrap=True),
                  Column("审查意见", 30, wrap=True), Column("延长与归档", 12, wrap=True),
                  Column("决策程序与提示", 28, wrap=True), Column("备注", 14, wrap=True)]
CASE_COLUMNS = [NO, Column("案件编号", 14, wrap=True), Column("执法类别", 7), Column("案由", 22, wrap=True),
                Column("当事人", 12, wrap=True), Column("决定日期", 11), Column("重大", 6), Column("公示期限", 11),
                Column("公示情况", 18, wrap=True), Column("执法公示", 22, wrap=True), Column("全过程记录", 22, wrap=True),
                Column("法制审核", 26, wrap=True), Column("备注", 12, wrap=True)]
ADVISER_COLUMNS = [NO, Column("姓名", 10), Column("顾问类型", 14), Column("所在律所/单位", 22, wrap=True),
                   Column("聘期开始", 12), Column("聘期结束", 12), Column("服务范围", 30, wrap=True),
                   Column("联系方式", 16), Column("服务次数", 9), Column("备注", 20, wrap=True)]
SERVICE_COLUMNS = [NO, Column("服务日期", 12), Column("法律顾问", 12), Column("服务类型", 14), Column("服务对象", 8),
                   Column("服务事项", 30, wrap=True), Column("数量", 8), Column("单位", 6), Column("意见是否采纳", 8),
                   Column("备注", 20, wrap=True)]
TRAINING_COLUMNS = [NO, Column("日期", 12), Column("学法形式", 16), Column("主题", 30, wrap=True),
                    Column("授课人", 17), Column("参加人员", 25, wrap=True), Column("学时", 8),
                    Column("执法人员参训人数", 9), Column("备注", 20, wrap=True)]
OFFICER_COLUMNS = [NO, Column("姓名", 10), Column("执法证号", 18), Column("所在科室", 14), Column("在岗", 6),
                   Column("年度培训学时", 10), Column("目标学时", 10), Column("是否达标", 14),
                   Column("备注", 20, wrap=True)]
STATISTICS_COLUMNS = [Column("执法类别", 10), Column("案件数", 8), Column("已作出决定", 9), Column("重大执法决定", 9),
                      Column("经法制审核", 9), Column("按时公示", 8), Column("逾期公示", 8), Column("逾期未公示", 9),
                      Column("待公示", 8), Column("不予公示", 8), Column("文字记录完整", 9),
                      Column("须全程音像", 9), Column("音像记录完整", 9)]


def _yes(value: bool) -> str:
    return "是" if value else "否"


@dataclass
class _Data:
    """Everything the sheets of one ledger need, read once."""

    today: date
    calendar: UserCalendar
    entries: dict[str, list] = field(default_factory=dict)
    hours_target: float = 60.0

    def by_id(self, entity: str) -> dict[int, object]:
        return {e.id: e for e in self.entries[entity]}


def _load(store: Store, ledger_id: int, today: date) -> _Data:
    data = _Data(today, register_settings.user_calendar(store), hours_target=register_settings.targets(store)["officer_hours"])
    for entity in rules.ENTITIES:
        data.entries[entity] = registers.list_entries(store, entity, ledger_id)
    return data


def _review_rows(data: _Data):
    for number, r in enumerate(data.entries[rules.REVIEW], 1):
        deadline = rules.review_deadline(r, data.calendar)
        status = rules.review_status(r, deadline, data.today) + ("（期限为估算）" if deadline.estimated else "")
        procedures = ("  ".join(f"{label}{'√' if getattr(r, name) else '×'}" for name, label in rules.DECISION_PROCEDURES)
                      if r.category == "重大行政决策" else "")
        yield [number, r.category, r.title, r.submitted_by, r.received_on, r.time_limit_days, deadline.due, status,
               r.reviewer, _opinion_text(r), _extension_text(r), "\n".join(filter(None, [procedures,
                                                                                     *rules.review_warnings(r)])),
               r.note]


def _opinion_text(r) -> str:
    if not r.opinion:
        return ""
    facts = [f"{r.opinion_on.isoformat()} 出具" if r.opinion_on else "", "已采纳" if r.adopted else "未采纳",
             "听取了法律顾问意见" if r.adviser_consulted else ""]
    text = f"{r.opinion}（{'；'.join(f for f in facts if f)}）"
    return f"{text}：{r.opinion_reasons}" if r.opinion_reasons else text


def _extension_text(r) -> str:
    parts = []
    if r.extension_days:
        by = f"，{r.extension_approved_by}批准" if r.extension_approved_by else ""
        parts.append(f"延长 {r.extension_days} 个工作日{by}")
    if r.archive_no:
        parts.append(f"归档号 {r.archive_no}")
    return "\n".join(parts)


def _case_rows(data: _Data):
    reviews = data.by_id(rules.REVIEW)
    for number, c in enumerate(data.entries[rules.CASE], 1):
        deadline = rules.publicity_deadline(c, data.calendar)
        review = reviews.get(c.legality_review_id)
        verdict = rules.case_verdict(c, deadline, review, data.today)
        linked = f"{review.title}（{review.opinion or '未出具意见'}）" if review else ""
        published = f"{c.published_on.isoformat()} {c.publication_place}".strip() if c.published_on else ""
        marks = [f"{MARKS[check.status]} {check.text}" for check in verdict.checks]
        marks[2] += f"\n审核记录：{linked}" if linked else ""
        yield [number, c.case_no, c.kind, c.title, c.party, c.decision_on, _yes(c.is_major),
               deadline.due if deadline else None, published, *marks, c.note]


def _adviser_rows(data: _Data):
    counts: dict[int, int] = {}
    for s in data.entries[rules.SERVICE]:
        counts[s.adviser_id] = counts.get(s.adviser_id, 0) + 1
    for number, a in enumerate(data.entries[rules.ADVISER], 1):
        yield [number, a.name, a.adviser_type, a.firm, a.contract_start, a.contract_end, a.scope, a.contact,
               counts.get(a.id, 0), a.note]


def _service_rows(data: _Data):
    advisers = data.by_id(rules.ADVISER)
    for number, s in enumerate(data.entries[rules.SERVICE], 1):
        adviser = advisers.get(s.adviser_id)
        yield [number, s.served_on, adviser.name if adviser else "", s.kind, s.served_party, s.subject,
               s.quantity, s.unit, _yes(s.adopted), s.note]


def _training_rows(data: _Data):
    for number, t in enumerate(data.entries[rules.TRAINING], 1):
        yield [number, t.held_on, t.kind, t.topic, t.speaker, t.participants, t.hours, len(t.attendance), t.note]


def _officer_rows(data: _Data):
    hours: dict[int, float] = {}
    for t in data.entries[rules.TRAINING]:
        for a in t.attendance:
            hours[a.officer_id] = hours.get(a.officer_id, 0.0) + a.hours
    target = data.hours_target
    for number, o in enumerate(data.entries[rules.OFFICER], 1):
        got = hours.get(o.id, 0.0)
        verdict = ("达标" if got >= target else f"未达标（差 {target - got:g} 学时）") if o.active else "不在岗"
        yield [number, o.name, o.certificate_no, o.department, _yes(o.active), got, target, verdict, o.note]


# (entity whose entries make the rows, sheet name, columns, rows)
SHEETS = (
    (rules.REVIEW, "合法性审查台账", REVIEW_COLUMNS, _review_rows),
    (rules.CASE, "行政执法案件台账", CASE_COLUMNS, _case_rows),
    (rules.ADVISER, "法律顾问名册", ADVISER_COLUMNS, _adviser_rows),
    (rules.SERVICE, "法律顾问服务台账", SERVICE_COLUMNS, _service_rows),
    (rules.TRAINING, "学法培训台账", TRAINING_COLUMNS, _training_rows),
    (rules.OFFICER, "执法人员培训学时", OFFICER_COLUMNS, _officer_rows),
)


@dataclass(frozen=True)
class RegisterProof:
    """A register entry linked to a ledger item: evidence of it (登记即佐证), found in its register sheet."""

    item_id: int
    source: str  # the register's name: 合法性审查登记, 行政执法案件, …
    sheet: str
    number: int  # 序号 in that sheet
    on: date | None
    title: str

    @property
    def where(self) -> str:
        return f"见“{self.sheet}”序号 {self.number}"


def register_proofs(store: Store, ledger_id: int) -> dict[int, list[RegisterProof]]:
    """Ledger item id → the register entries linked to it, numbered as in the register sheets."""
    found: dict[int, list[RegisterProof]] = {}
    for entity, name, *_ in SHEETS:
        for number, entry in enumerate(registers.list_entries(store, entity, ledger_id), 1):
            for item_id in entry.item_ids:
                found.setdefault(item_id, []).append(RegisterProof(
                    item_id, rules.REGISTER_LABELS[entity], name, number, entry.display_date, entry.display_title))
    return found


def register_row_count(store: Store, ledger_id: int) -> int:
    """How many rows write_register_sheets writes (for progress)."""
    return sum(registers_repo.count_for_ledger(store.db, entity, ledger_id) for entity, *_ in SHEETS)


def write_register_sheets(book, store: Store, ledger_id: int, steps: Steps, today: date) -> list[str]:
    """One sheet per register, an empty register too: its header alone shows the inspector it was kept."""
    data = _load(store, ledger_id, today)
    for _entity, name, columns, rows in SHEETS:
        _write(book, name, columns, rows(data), steps)
    return [name for _entity, name, *_ in SHEETS]


def _write(book, name: str, columns: list[Column], rows, steps: Steps, title: str | None = None) -> None:
    sheet = SheetWriter(book, name, columns, title=title)
    for row in rows:
        steps.step()
        sheet.add(row)
    sheet.finish()


def export_registers(store: Store, ledger_id: int, out_path: Path | str, *, progress=None, cancel=None,
                     today: date | None = None) -> Path:
    """A workbook of all six register sheets (empty ones included), written atomically."""
    out_path = Path(out_path)
    steps = Steps(register_row_count(store, ledger_id), progress, cancel)
    steps.check()
    with new_workbook(ledgers.get_ledger(store, ledger_id).label) as book:
        write_register_sheets(book, store, ledger_id, steps, today or date.today())
        steps.check()
        save(book, out_path)
    return out_path


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


def enforcement_statistics(store: Store, ledger_id: int, today: date) -> list[list]:
    """One row per enforcement kind and a 合计 row: the figures of the 行政执法统计年报."""
    verdicts = registers.case_verdicts(store, ledger_id, today)
    pairs = [(c, verdicts[c.id]) for c in registers.list_entries(store, rules.CASE, ledger_id)]
    rows = [_statistics_row(kind, [p for p in pairs if p[0].kind == kind]) for kind in rules.ENFORCEMENT_KINDS]
    return rows + [_statistics_row("合计", pairs)]


def export_enforcement_statistics(store: Store, ledger_id: int, out_path: Path | str, *, progress=None,
                                  cancel=None, today: date | None = None) -> Path:
    """The 行政执法统计年报 workbook: figures by kind, then every case with its three-system verdict."""
    out_path = Path(out_path)
    today = today or date.today()
    ledger = ledgers.get_ledger(store, ledger_id)
    data = _load(store, ledger_id, today)
    rows = enforcement_statistics(store, ledger_id, today)
    steps = Steps(len(rows) + len(data.entries[rules.CASE]), progress, cancel)
    steps.check()
    with new_workbook(ledger.label) as book:
        sheet = SheetWriter(book, "执法统计", STATISTICS_COLUMNS,
                            title=f"{ledger.unit_name} {ledger.year} 年度行政执法统计年报")
        for row in rows:
            steps.step()
            total = row[0] == "合计"
            sheet.add(row, font=HEADER_FONT if total else None, total=total)
        sheet.finish()
        _write(book, "行政执法案件台账", CASE_COLUMNS, _case_rows(data), steps)
        steps.check()
        save(book, out_path)
    return out_path
