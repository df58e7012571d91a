"""What the annual report draft says, as a list of blocks (title, 一、 headings, （一） headings, paragraphs),
from one ledger snapshot and the officer's own texts. Generated paragraphs are flagged so that the document
marks them; the officer's text is placed after the generated lines of its section or part. The draft ends
with the 落款 (GB/T 9704 7.3.5): the unit's name and the 成文日期, the day left blank for the day it is signed."""

from dataclasses import dataclass
from datetime import date

from desktop.domain import progress
from desktop.services import report_figures
from desktop.services.report_texts import NUMERALS, SECTIONS
from desktop.services.snapshot import Item, LedgerSnapshot

TITLE, HEADING, SUBHEADING, BODY, SIGNATURE = "title", "heading", "subheading", "body", "signature"
SHORTCOMINGS = ("未落实", "部分落实")
DUTY_WORDS = ("第一责任人", "述法")  # the items (三) reports on, found by their titles
GENERATED_NOTE = ("说明：本稿中以“自动生成”样式（蓝色）排版的段落由台账数据自动生成，请逐条核对；"
                  "核对后可改为正文样式，并删除本说明。")


@dataclass(frozen=True)
class Block:
    kind: str
    text: str
    generated: bool = False


def title(snap: LedgerSnapshot) -> str:
    return f"{snap.ledger.unit_name}关于{snap.ledger.year}年度法治政府建设情况的报告"


def blocks(snap: LedgerSnapshot) -> list[Block]:
    texts = snap.report_texts
    found = [Block(TITLE, title(snap)), Block(BODY, GENERATED_NOTE, True)]
    builders = {"1": _achievements, "2": _shortcomings, "3": _duty, "4": _next_year, "5": _other}
    for number, (section, name) in enumerate(SECTIONS):
        found.append(Block(HEADING, f"{NUMERALS[number]}、{name}"))
        found.extend(builders[section](snap))
        found.extend(_own(texts.get((section, ""), "")))
    return found + signature(snap)


def signature(snap: LedgerSnapshot) -> list[Block]:
    """A blank line, then 发文机关署名 and 成文日期 (GB/T 9704 7.3.5): the month of the export, the day left to
    the officer, since a draft's date is the day the leader signs it, not the day it was exported."""
    return [Block(BODY, ""), Block(SIGNATURE, snap.ledger.unit_name, True),
            Block(SIGNATURE, chinese_date(snap.today, day=False), True)]


def chinese_date(on: date, *, day: bool = True) -> str:
    """年份全称，月、日不编虚位 (GB/T 9704 7.3.5): 2026年1月5日; day=False leaves room for it: 2026年1月  日."""
    return f"{on.year}年{on.month}月{on.day if day else '  '}日"


def _own(text: str) -> list[Block]:
    return [Block(BODY, line.strip()) for line in text.splitlines() if line.strip()]


def _part_heading(index: int, part: Item) -> Block:
    return Block(SUBHEADING, f"（{_numeral(index)}）{part.title}")


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    return ("" if n < 20 else NUMERALS[n // 10 - 1]) + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def _achievements(snap: LedgerSnapshot) -> list[Block]:
    placed, loose = report_figures.by_part(snap)
    indicators = report_figures.indicator_lines(snap)
    found = []
    parts = snap.parts()
    for index, part in enumerate(parts, 1):
        found.append(_part_heading(index, part))
        tally = snap.part_tallies.get(part.id, progress.Tally(0, 0, 0))
        line = (f"本部分 {tally.items} 项任务，适用 {tally.applicable} 项，已完成 {tally.done} 项"
                f"（完成率 {report_figures.percent(tally.ratio)}），形成佐证材料 {tally.evidence} 份。")
        found.append(Block(BODY, line, True))
        done = [i for i in snap.checklist() if i.part_id == part.id and i.effective_result == "已落实"]
        if done:
            found.append(Block(BODY, "已落实：" + "；".join(f"{i.code} {i.title}" for i in done) + "。", True))
        found.extend(Block(BODY, text, True) for text in placed.get(part.id, ()))
        if indicators.get(part.id):
            found.append(Block(BODY, "主要指标：" + "；".join(indicators[part.id]) + "。", True))
        found.extend(_own(snap.report_texts.get(("1", part.code), "")))
    if loose:
        found.append(_part_heading(len(parts) + 1, _Heading("专项台账数据")))
        found.extend(Block(BODY, text, True) for text in loose)
    return found


@dataclass(frozen=True)
class _Heading:
    title: str


def _shortcomings(snap: LedgerSnapshot) -> list[Block]:
    found = []
    for item in snap.checklist():
        result = item.effective_result
        if result not in SHORTCOMINGS:
            continue
        remark = f"原因及说明：{item.remark}" if item.remark else "原因：（请填写）"
        found.append(Block(BODY, f"{item.code} {item.title}：{result}。{remark}", True))
    failed = [e for e in snap.entries("enforcement_case") if not snap.verdicts[e.id].ok]
    if failed:
        found.append(Block(BODY, f"行政执法三项制度核查发现问题 {len(failed)} 件：" + "；".join(
            f"{e.record.case_no}（{snap.verdicts[e.id].summary}）" for e in failed[:20])
            + ("等" if len(failed) > 20 else "") + "。", True))
    short = snap.totals.officers_short
    if short:
        found.append(Block(BODY, "执法人员培训学时未达标：" + "、".join(
            f"{o.name}（{o.hours:g} 学时，差 {o.short_by:g}）" for o in short) + "。", True))
    if not found:
        found.append(Block(BODY, "台账中没有记为“未落实”或“部分落实”的任务。", True))
    return found


def quoted_evidence(snap: LedgerSnapshot) -> list[int]:
    """The items whose evidence the report quotes (snapshot.take(evidence_for=…) reads only theirs)."""
    return [i.id for i in duty_items(snap)]


def duty_items(snap: LedgerSnapshot) -> list[Item]:
    return [i for i in snap.checklist() if any(word in i.title for word in DUTY_WORDS)]


def _duty(snap: LedgerSnapshot) -> list[Block]:
    found = []
    for item in duty_items(snap):
        evidence = snap.evidence_of(item.id)
        proof = ("，佐证材料：" + "；".join(f"{chinese_date(e.formed_on)}{e.title}" for e in evidence[:10])
                 + ("等" if len(evidence) > 10 else "")) if evidence else "，暂无佐证材料"
        remark = f"。{item.remark}" if item.remark else ""
        found.append(Block(BODY, f"{item.title}（{item.code}）：{item.progress}，{item.effective_result}{proof}{remark}。",
                           True))
    if not found:
        found.append(Block(BODY, "清单中没有第一责任人职责或述法的任务，请据实填写。", True))
    return found


def _next_year(snap: LedgerSnapshot) -> list[Block]:
    open_items = [i for i in snap.checklist() if progress.is_applicable(i) and not progress.is_done(i)]
    if not open_items:
        return [Block(BODY, "本年度任务均已完成；下一年度安排请据实填写。", True)]
    names = "；".join(f"{i.code} {i.title}" for i in open_items[:30]) + ("等" if len(open_items) > 30 else "")
    return [Block(BODY, f"继续推进尚未完成的 {len(open_items)} 项任务：{names}。", True)]


def _other(snap: LedgerSnapshot) -> list[Block]:
    return [Block(BODY, f"本年度台账登记佐证材料 {snap.evidence_total} 份，专项台账登记 {snap.row_count()} 条。", True)]
