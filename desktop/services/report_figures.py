"""The year's figures of the registers as sentences of the annual report, each placed under the part of the
outline whose items its entries prove (most links win); a register linked to no item goes to a last block."""

from collections import Counter

from desktop.domain import registers as rules
from desktop.services.snapshot import LedgerSnapshot


def quantity(value: float, unit: str) -> str:
    """A figure and its unit as the report writes every one: "3 件", "1.5 学时", and a percentage without a
    space, "100%", wherever it stands (the indicators' units are the template's: 件, 次, %)."""
    number = f"{value:g}"
    return number + unit if unit in ("", "%") else f"{number} {unit}"


def percent(ratio: float) -> str:
    """A ratio (0.56) as a whole percentage: "56%"."""
    return quantity(round(ratio * 100), "%")


def _counts(counter: dict, unit: str) -> str:
    return "、".join(f"{kind} {quantity(n, unit)}" for kind, n in counter.items() if n)


def reviews(snap: LedgerSnapshot) -> str:
    entries = snap.entries(rules.REVIEW)
    if not entries:
        return ""
    statuses = Counter(rules.review_status(e.record, snap.review_deadlines[e.id], snap.today) for e in entries)
    by_category = _counts(snap.totals.reviews_by_category, "件")
    # a 重大行政决策's opinion is 已出具意见, never 按期/逾期 (条例 Art.26 is the submitter's floor)
    done = "，".join(f"{s} {statuses[s]} 件" for s in ("按期办结", "逾期办结", "已出具意见", "审查中", "已逾期")
                    if statuses[s])
    return f"全年开展合法性审查 {len(entries)} 件（{by_category}），其中{done}。"


def cases(snap: LedgerSnapshot) -> str:
    entries = snap.entries(rules.CASE)
    if not entries:
        return ""
    kinds = _counts(Counter(e.record.kind for e in entries), "件")
    decided = sum(1 for e in entries if e.record.decision_on is not None)
    verdicts = [snap.verdicts[e.id] for e in entries]
    publicity = Counter(v.publicity.status for v in verdicts)
    systems = []
    for index, name in enumerate(("执法公示", "全过程记录", "法制审核")):
        tally = Counter(v.checks[index].status for v in verdicts)
        systems.append(f"{name}落实 {tally['ok']} 件、未落实 {tally['fail']} 件"
                       + (f"、待办 {tally['pending']} 件" if tally["pending"] else ""))
    clean = sum(1 for v in verdicts if v.ok)
    return (f"办理行政执法案件 {len(entries)} 件（{kinds}），已作出决定 {decided} 件；按时公示 {publicity['ok']} 件，"
            f"逾期或未公示 {publicity['fail']} 件，依法不予公示 {publicity['na']} 件。行政执法三项制度核查："
            f"{'；'.join(systems)}；{clean} 件未发现问题。")


def advisers(snap: LedgerSnapshot) -> str:
    entries = snap.entries(rules.ADVISER)
    if not entries:
        return ""
    kinds = _counts(Counter(e.record.adviser_type for e in entries), "名")
    return f"聘请法律顾问 {len(entries)} 名（{kinds}）。"


def services(snap: LedgerSnapshot) -> str:
    totals = snap.totals
    if not totals.adviser_service_count:
        return ""
    kinds = "、".join(f"{kind} " + "、".join(quantity(q, unit) for unit, q in per_unit.items())
                     for kind, per_unit in totals.adviser_services.items())
    return (f"法律顾问提供服务 {totals.adviser_service_count} 次（{kinds}），"
            f"意见被采纳 {totals.adviser_adopted_count} 次。")


def trainings(snap: LedgerSnapshot) -> str:
    entries = snap.entries(rules.TRAINING)
    if not entries:
        return ""
    kinds = _counts(snap.totals.trainings_by_kind, "次")
    hours = sum(e.record.hours for e in entries)
    lectures = snap.totals.trainings_by_kind.get("法治专题讲座", 0)
    return f"组织学法培训 {len(entries)} 次（{kinds}），其中法治专题讲座 {lectures} 次，合计 {hours:g} 学时。"


def officers(snap: LedgerSnapshot) -> str:
    if not snap.entries(rules.OFFICER):
        return ""
    return rules.officer_hours_verdict(snap.totals.officer_hours)


SENTENCES = ((rules.REVIEW, reviews), (rules.CASE, cases), (rules.ADVISER, advisers), (rules.SERVICE, services),
             (rules.TRAINING, trainings), (rules.OFFICER, officers))


def by_part(snap: LedgerSnapshot) -> tuple[dict[int, list[str]], list[str]]:
    """part id → the register sentences placed there; and the sentences of registers linked to no item."""
    part_of = {i.id: i.part_id for i in snap.items}
    placed: dict[int, list[str]] = {}
    loose: list[str] = []
    for entity, sentence in SENTENCES:
        text = sentence(snap)
        if not text:
            continue
        links = Counter(part_of.get(i) for e in snap.entries(entity) for i in e.item_ids if part_of.get(i))
        if links:
            placed.setdefault(links.most_common(1)[0][0], []).append(text)
        else:
            loose.append(text)
    return placed, loose


def indicator_lines(snap: LedgerSnapshot) -> dict[int, list[str]]:
    """part id → one sentence per indicator with a figure (against its target)."""
    part_of = {i.id: i.part_id for i in snap.items}
    found: dict[int, list[str]] = {}
    for row in snap.indicators:
        status = row.status
        if status.value is None or not status.applicable:
            continue
        target = (f"（年度目标 {quantity(status.target, status.unit)}，{status.verdict}）"
                  if status.target is not None else "")
        found.setdefault(part_of.get(row.item_id), []).append(
            f"{status.name} {quantity(status.value, status.unit)}{target}")
    return found
