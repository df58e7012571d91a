"""The progress workbook's 封面 (who, which year and checklist, when, the totals, 填报人 and 审核人) and its
同比 sheets (per part against last year, and the items whose 落实结果 changed), written from the snapshot and
the year comparison alone."""

from desktop.services.snapshot import LedgerSnapshot
from desktop.services.xlsx_sheets import KEY, Column, SheetWriter
from desktop.services.year_compare import YearComparison

COVER = [Column("项目", 18), Column("内容", 62, wrap=True)]
COMPARE = [Column("部分", 7), Column("部分名称", 40, wrap=True), Column("本年条目数", 10), Column("本年已完成", 10),
           Column("本年完成率", 10), Column("上年条目数", 10), Column("上年已完成", 10), Column("上年完成率", 10),
           Column("完成率增减", 10)]
CHANGES = [Column("编码", 9), Column("任务", 48, wrap=True), Column("上年落实结果", 13), Column("本年落实结果", 13),
           Column("变化", 13), KEY]
COMPARE_SHEET, CHANGES_SHEET = "同比", "同比（落实结果变化）"
SIGN_HERE = ""  # an empty signer is left blank, to be signed by hand


def write_cover(book, snap: LedgerSnapshot, signers: dict[str, str], comparison: YearComparison | None) -> None:
    ledger, overall = snap.ledger, snap.overall
    sheet = SheetWriter(book, "封面", COVER, title=f"{ledger.unit_name}{ledger.year}年度法治政府建设进度表")
    compared = (f"与 {comparison.last_year} 年度台账的对比见“{COMPARE_SHEET}”和“{CHANGES_SHEET}”表"
                if comparison else f"没有 {ledger.year - 1} 年度台账，未生成同比")
    for label, value in (
            ("单位", ledger.unit_name), ("年度", f"{ledger.year} 年度"),
            ("清单模板", f"{snap.template_name}（版本 {snap.template_version}）"),
            ("导出时间", snap.taken_at), ("任务条目", f"{overall.items} 项（适用 {overall.applicable} 项）"),
            ("已完成", f"{overall.done} 项"), ("完成率", sheet.percent(overall.ratio)),
            ("佐证材料", f"{snap.evidence_total} 份"), ("专项台账登记", f"{snap.row_count()} 条"),
            ("同比", compared), ("填报人", signers.get("preparer") or SIGN_HERE),
            ("审核人", signers.get("reviewer") or SIGN_HERE)):
        sheet.add([label, value])
    sheet.sheet.fit_to_pages(1, 1)


def write_comparison(book, comparison: YearComparison) -> None:
    sheet = SheetWriter(book, COMPARE_SHEET, COMPARE,
                        title=f"同比：本年度与 {comparison.last_year} 年度各部分完成情况（上年清单：{comparison.last_template}）")
    for part in comparison.parts:
        this, last = part.this, part.last
        sheet.add([part.code, part.title, this.items, this.done, sheet.percent(this.ratio),
                   *((last.items, last.done, sheet.percent(last.ratio), sheet.percent(this.ratio - last.ratio))
                     if last else ("上年无此部分", None, None, None))])
    sheet.finish()
    changes = SheetWriter(book, CHANGES_SHEET, CHANGES,
                          title=f"同比：落实结果与 {comparison.last_year} 年度不同的条目（按清单条目键对应）")
    for item in comparison.changed:
        changes.add([item.code, item.title, item.last_result, item.this_result, item.what, item.uid])
    if not comparison.changed:
        changes.add(["", "各条目的落实结果与上一年度相同。", "", "", "", ""])
    changes.finish()
