"""The annual report draft read back as the officer (and an inspector) would: its five sections in order, the
year's figures, the officer's own text in its section, the fonts WPS and Word need, the page, and the PDF
LibreOffice makes of it, laid out after GB/T 9704 (title, 落款, page numbers). And the report texts: one undoable
operation each."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from desktop.domain import registers as rules
from desktop.domain.errors import UserError
from desktop.services import evidence, ledgers, locking, report_docx, report_figures, report_texts, undo
from tests.conftest import add_entry

HEADINGS = ["一、主要举措和成效", "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况",
            "四、下一年度主要安排", "五、其他需要报告的情况"]
OWN_SHORTCOMING = "基层法治审核力量仍然薄弱，专职人员只有一名。"
OWN_PART_ONE = "镇党委把学习习近平法治思想列入中心组年度学习计划。"
UNIT = "测试镇人民政府"
DRAFT_DATE = "2025年12月  日"  # the export's month, the day left for the day it is signed


@pytest.fixture
def report(store, ledger, tmp_path):
    for category, on in (("重大行政决策", date(2025, 3, 3)), ("重大行政决策", date(2025, 4, 1)),
                         ("行政规范性文件", date(2025, 5, 6))):
        add_entry(store, ledger, rules.REVIEW, category=category, title=f"{category}审查", received_on=on,
                  time_limit_days=7, opinion="同意", opinion_on=on)
    duty = store.db.execute("SELECT li.id FROM ledger_item li JOIN template_node n ON n.id = li.node_id "
                            "WHERE li.ledger_id = ? AND n.code = '10.2'", [ledger]).fetchone()[0]
    for title, on in (("党委理论学习中心组学法记录", date(2025, 6, 2)), ("述法报告", date(2025, 12, 1))):
        evidence.add(store, ledger, title=title, kind="会议纪要/记录", formed_on=on, item_ids=[duty], today=date(2025, 12, 1))
    report_texts.set_text(store, ledger, "2", "", OWN_SHORTCOMING)
    report_texts.set_text(store, ledger, "1", "1", OWN_PART_ONE)
    litigation = store.db.execute("SELECT li.id FROM ledger_item li JOIN template_node n ON n.id = li.node_id "
                                  "WHERE li.ledger_id = ? AND n.code = '7.4'", [ledger]).fetchone()[0]
    ledgers.update_item(store, litigation, {}, {"litigation_cases": 2, "head_court_appearances": 2})
    path = report_docx.export_report(store, ledger, tmp_path / "报告.docx", today=date(2025, 12, 1))
    return path


def paragraphs(path):
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def between(found, first, last):
    texts = [t for _s, t in found]
    return texts[texts.index(first) + 1:texts.index(last)]


def test_five_sections_in_order_with_the_year_figures(report):
    found = paragraphs(report)
    assert [t for s, t in found if s == "Heading 1"] == HEADINGS
    assert found[0] == ("报告标题", "测试镇人民政府关于2025年度法治政府建设情况的报告")
    # a 重大行政决策 is 已出具意见, never 按期 or 逾期 (条例 Art.26: the 7 working days are the submitter's floor)
    figures = "全年开展合法性审查 3 件（行政规范性文件 1 件、重大行政决策 2 件），其中按期办结 1 件，已出具意见 2 件。"
    assert figures in between(found, HEADINGS[0], HEADINGS[1])
    assert ("自动生成", figures) in found  # generated sentences are marked by their style


def test_officer_text_is_placed_in_its_section_and_part(report):
    found = paragraphs(report)
    assert ("Normal", OWN_SHORTCOMING) in found
    assert OWN_SHORTCOMING in between(found, HEADINGS[1], HEADINGS[2])
    texts = [t for _s, t in found]
    part_one = next(t for s, t in found if s == "Heading 2" and t.startswith("（一）"))
    part_two = next(t for s, t in found if s == "Heading 2" and t.startswith("（二）"))
    assert texts.index(part_one) < texts.index(OWN_PART_ONE) < texts.index(part_two)


def test_duty_section_names_the_first_responsible_and_law_report_items(report):
    duty = between(paragraphs(report), HEADINGS[2], HEADINGS[3])
    first = next(t for t in duty if t.startswith("主要负责人履行第一责任人职责（10.2）"))
    assert "佐证材料：2025年6月2日党委理论学习中心组学法记录；2025年12月1日述法报告" in first  # 不编虚位
    assert any(t.startswith("年终述职述法（10.17）") for t in duty)


def test_every_run_names_its_east_asian_font_and_the_page_is_a4(report):
    document = Document(str(report))
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for p in document.sections[0].footer.paragraphs for r in p.runs]
    assert len(runs) > 30
    for run in runs:
        east = run._element.rPr.rFonts.get(qn("w:eastAsia"))
        assert east, run.text
    styled = {p.style.name: p.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) for p in document.paragraphs}
    assert styled["报告标题"] == "方正小标宋简体" and styled["Heading 1"] == "黑体"
    assert styled["Heading 2"] == "楷体_GB2312" and styled["Normal"] == "仿宋_GB2312"
    sizes = {p.style.name: p.runs[0].font.size.pt for p in document.paragraphs}
    assert sizes["报告标题"] == 22 and sizes["Normal"] == 16
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    assert "PAGE" in section.footer.paragraphs[0]._element.xml


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and poppler-utils are needed")
def test_libreoffice_converts_it_and_the_pdf_reads_the_same(report, tmp_path):
    out = tmp_path / "pdf"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(report)], check=True, capture_output=True, timeout=180)
    pdf = out / "报告.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    positions = [flat.index("".join(h.split())) for h in HEADINGS]
    assert positions == sorted(positions)
    assert "全年开展合法性审查3件" in flat and "".join(OWN_SHORTCOMING.split()) in flat
    assert "—1—" in flat and "—2—" in flat  # the page number field was rendered
    assert flat.index("".join(HEADINGS[4].split())) < flat.rindex(UNIT) < flat.rindex("2025年12月日")
    numbers = page_number_positions(pdf)
    assert len(numbers) >= 2 and all((x > 297) == (page % 2 == 1) for page, x in numbers)  # odd right, even left
    pages = subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    assert pages.returncode == 0 and list(tmp_path.glob("page-*.png"))


def page_number_positions(pdf):
    """(page, x of the page number's first word in pt) of every page, from pdftotext's word boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = []
    for page, body in enumerate(html.split("<page ")[1:], 1):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', body)
        x, _y, _w = max((w for w in words if w[2] == "—"), key=lambda w: float(w[1]))
        found.append((page, float(x)))
    return found


def effective(paragraph, name):
    """A paragraph format property as Word applies it: the paragraph's own, else its style chain's."""
    value, style = getattr(paragraph.paragraph_format, name), paragraph.style
    while value is None and style is not None:
        value, style = getattr(style.paragraph_format, name), style.base_style
    return value


def test_the_title_and_the_page_numbers_have_no_first_line_indent(report):
    document = Document(str(report))
    title = document.paragraphs[0]
    assert title.style.name == "报告标题" and effective(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    section = document.sections[0]
    for paragraph in (title, section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]):
        assert not effective(paragraph, "first_line_indent")
    body = next(p for p in document.paragraphs if p.text == OWN_SHORTCOMING)
    assert effective(body, "first_line_indent") == Pt(32)  # the body keeps its two characters


def test_the_draft_ends_with_the_unit_and_the_date_right_aligned_and_marked_generated(report):
    document = Document(str(report))
    blank, unit, day = document.paragraphs[-3:]
    assert blank.text == "" and (unit.text, day.text) == (UNIT, DRAFT_DATE)
    for paragraph in (unit, day):
        assert paragraph.style.name == "自动生成"
        assert effective(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
        assert not effective(paragraph, "first_line_indent") and paragraph.paragraph_format.right_indent == Pt(32)
    texts = [t for _s, t in paragraphs(report)]
    assert texts.index(HEADINGS[4]) < texts.index(UNIT)


def test_page_numbers_odd_right_even_left_one_character_in(report):
    document = Document(str(report))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert not section.even_page_footer.is_linked_to_previous
    assert (odd.alignment, odd.paragraph_format.right_indent) == (WD_ALIGN_PARAGRAPH.RIGHT, Pt(14))
    assert (even.alignment, even.paragraph_format.left_indent) == (WD_ALIGN_PARAGRAPH.LEFT, Pt(14))
    for paragraph in (odd, even):
        assert paragraph.text == "—  —"  # the number is the PAGE field's
        assert [e.text for e in paragraph._element.iter(qn("w:instrText"))] == [" PAGE "]
        assert {r.font.size for r in paragraph.runs} == {Pt(14)}


def test_percentages_are_written_one_way_without_a_space(report):
    text = "\n".join(t for _s, t in paragraphs(report))
    assert "负责人出庭应诉率 100%" in text and "（完成率 " in text
    assert not re.search(r"\d\s+[%％]", text)
    assert report_figures.percent(0.555) == "56%" and report_figures.quantity(12.5, "%") == "12.5%"
    assert report_figures.quantity(3, "件") == "3 件"


def rows(store, ledger):
    return [tuple(r) for r in store.db.execute(
        "SELECT section, part_code, text FROM report_text WHERE ledger_id = ? ORDER BY id", [ledger])]


def test_report_text_set_undo_redo_through_operations(store, ledger):
    first = report_texts.set_text(store, ledger, "4", "", "明年完成合法性审查目录。")
    assert not first.empty and first.touches("report_text")
    assert rows(store, ledger) == [("4", "", "明年完成合法性审查目录。")]
    assert report_texts.set_text(store, ledger, "4", "", "明年完成合法性审查目录。 ").empty  # nothing changed
    second = report_texts.set_text(store, ledger, "4", "", "明年完成目录并公开。")
    assert second.label == "修改年度报告“（四）下一年度主要安排”的文字"
    undone = undo.undo(store, second.op_id)
    assert rows(store, ledger) == [("4", "", "明年完成合法性审查目录。")]
    undo.redo(store, undone.op_id)
    assert report_texts.get_texts(store, ledger) == {("4", ""): "明年完成目录并公开。"}
    log = store.db.execute("SELECT count(*) FROM change_log WHERE operation_id = ?", [second.op_id]).fetchone()[0]
    assert log >= 1
    removed = report_texts.set_text(store, ledger, "4", "", "")
    assert rows(store, ledger) == []
    undo.undo(store, removed.op_id)
    assert rows(store, ledger) == [("4", "", "明年完成目录并公开。")]


def test_report_text_refused_for_an_unknown_section_and_a_locked_ledger(store, ledger):
    with pytest.raises(UserError, match="没有第 6 部分"):
        report_texts.set_text(store, ledger, "6", "", "文字")
    locking.lock_year(store, ledger)
    with pytest.raises(UserError, match="报送锁定"):
        report_texts.set_text(store, ledger, "1", "", "文字")


def test_the_other_section_counts_every_evidence_entry(report, store, ledger):
    total = store.db.execute("SELECT count(*) FROM evidence WHERE ledger_id = ?", [ledger]).fetchone()[0]
    other = between(paragraphs(report) + [("", "END")], HEADINGS[4], "END")
    assert total == 2 and any(f"登记佐证材料 {total} 份" in t for t in other)


def test_the_shipped_layout_is_the_one_build_layout_makes(tmp_path):
    """resources/report/年度报告模板.docx is made by scripts/make_report_template.py: a layout change in code
    without running it would silently not reach the officers."""
    import zipfile

    made = tmp_path / "made.docx"
    report_docx.build_layout().save(str(made))
    parts = ["word/styles.xml", "word/document.xml", "word/settings.xml"]
    with zipfile.ZipFile(report_docx.TEMPLATE) as shipped, zipfile.ZipFile(made) as fresh:
        footers = [n for n in fresh.namelist() if n.startswith("word/footer")]
        assert len(footers) == 2 and all(shipped.read(n) == fresh.read(n) for n in footers + parts)
