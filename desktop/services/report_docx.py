"""The annual report draft (法治政府建设年度报告) as a .docx laid out after GB/T 9704: A4, margins 37/35/28/26 mm,
title 方正小标宋简体 2号 (no indent), body 仿宋_GB2312 3号, 一、 headings 黑体, （一） headings 楷体_GB2312, the
落款 right-aligned 右空二字, page numbers "— 1 —" in 4号宋体, odd pages right and even pages left 空一字 (7.5). Every run names its East-Asian font (w:eastAsia), as WPS and Word read it; the Latin slots name the stock
Windows fallback (黑体, 仿宋, 楷体), so digits and a PC without the GB2312 fonts still get a fitting face.
Generated paragraphs carry the paragraph style 自动生成 (blue): the officer sees which sentences to check."""

from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle

from desktop.domain.errors import Cancelled
from desktop.domain.files import component_name
from desktop.domain.models import Ledger
from desktop.domain.text import clean_text
from desktop.paths import resource_path
from desktop.services import export_target, report_content, snapshot
from desktop.services.atomic import OutputFile, atomic_write
from desktop.services.report_content import BODY, HEADING, SIGNATURE, SUBHEADING, TITLE, Block

# (East-Asian font, Latin/fallback font, size in pt)
BODY_FONT = ("仿宋_GB2312", "仿宋", 16)
FONTS = {TITLE: ("方正小标宋简体", "黑体", 22), HEADING: ("黑体", "黑体", 16),
         SUBHEADING: ("楷体_GB2312", "楷体", 16), BODY: BODY_FONT, SIGNATURE: BODY_FONT}
BODY_CHARACTER = Pt(16)  # one character of 3号: 首行缩进二字, 落款右空二字
PAGE_NUMBER_SIZE = Pt(14)  # 4号; one character of it is the page number's 空一字
GENERATED_STYLE = "自动生成"
GENERATED_COLOR = RGBColor(0x1F, 0x4E, 0x9A)
LINE_PITCH = Pt(28.95)  # 22 lines on the type area of an A4 page (GB/T 9704 7.1)
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}
TITLE_STYLE = "报告标题"  # own style: the template's Title has a rule under it
STYLE_OF = {TITLE: TITLE_STYLE, HEADING: "Heading 1", SUBHEADING: "Heading 2", BODY: "Normal"}
FOOTER_STYLE = "Footer"
TEMPLATE = resource_path("report", "年度报告模板.docx")


def default_file_name(ledger: Ledger) -> str:
    return component_name(f"{ledger.unit_name}{ledger.year}年度法治政府建设情况报告（草稿）.docx")


def export_report(store, ledger_id: int, out_path: Path | str, *, progress=None, cancel=None,
                  today: date | None = None) -> Path:
    """Write the draft atomically; progress(done, total) and cancel (an Event) as every export takes them."""
    out_path = export_target.checked(store, out_path)
    _check(cancel)
    snap = snapshot.take(store, ledger_id, today, evidence_for=report_content.quoted_evidence)
    if progress:
        progress(1, 3)
    found = report_content.blocks(snap)
    _check(cancel)
    if progress:
        progress(2, 3)
    path = write_report(found, out_path)
    if progress:
        progress(3, 3)
    return path


def _check(cancel) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def write_report(found: list[Block], out_path: Path | str) -> Path:
    document = new_document()
    for block in found:
        add_block(document, block)
    out_path = Path(out_path)
    with atomic_write(out_path) as temp:
        output = OutputFile(temp)  # a failed save (full disk) leaves python-docx's zip nothing to complain on
        try:
            document.save(output)
        except BaseException:
            output.abandon()
            raise
        output.close()
    return out_path


def new_document():
    """A blank draft from the shipped layout (resources/report/年度报告模板.docx): its styles and page are
    set once, by build_layout via scripts/make_report_template.py, not on every export."""
    return Document(str(TEMPLATE))


def build_layout():
    """The layout every draft starts from: page, margins, page numbers, the styles (and only those: python-docx
    looks styles up by scanning them all, once per paragraph)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name, value in MARGINS.items():
        setattr(section, name, value)
    section.footer_distance = Mm(20)
    _styles(document)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    styles = document.styles
    used = {*STYLE_OF.values(), GENERATED_STYLE, FOOTER_STYLE}
    kept = used | {f"{name} Char" for name in used} | {
        styles.default(kind).name for kind in (WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE, WD_STYLE_TYPE.LIST)}
    for style in list(styles):
        if style.name not in kept:
            style.delete()
    return document


def set_fonts(target, kind: str) -> None:
    """A run's (or a style's) font: name, size and the East-Asian slot that python-docx has no property for."""
    east, latin, size = FONTS[kind]
    target.font.name = latin
    target.font.size = Pt(size)
    # a style's element is public (ElementProxy.element); a run's is run._element, python-docx's own idiom
    element = target.element if isinstance(target, BaseStyle) else target._element
    element.rPr.rFonts.set(qn("w:eastAsia"), east)


def _styles(document) -> None:
    styles = document.styles
    styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Normal"]
    for kind, name in STYLE_OF.items():
        style = styles[name]
        set_fonts(style, kind)
        style.font.bold = False
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(0) if kind == TITLE else 2 * BODY_CHARACTER  # Normal's would pass on
        fmt.keep_with_next = kind in (HEADING, SUBHEADING)
    title = styles[TITLE_STYLE].paragraph_format
    title.alignment, title.line_spacing, title.space_after = WD_ALIGN_PARAGRAPH.CENTER, Pt(36), Pt(29)
    generated = styles.add_style(GENERATED_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    generated.base_style = styles["Normal"]
    generated.font.color.rgb = GENERATED_COLOR
    set_fonts(generated, BODY)
    styles[FOOTER_STYLE].paragraph_format.first_line_indent = Pt(0)


def add_block(document, block: Block):
    style = GENERATED_STYLE if block.generated else STYLE_OF.get(block.kind, STYLE_OF[BODY])
    paragraph = document.add_paragraph(style=style)
    if block.kind == SIGNATURE:
        _signature(paragraph.paragraph_format)
    run = paragraph.add_run(clean_text(block.text))
    set_fonts(run, block.kind)
    return paragraph


def _signature(fmt) -> None:
    """落款 (GB/T 9704 7.3.5.2): right-aligned, 右空二字, set on the paragraph so that it stays when the officer
    turns the 自动生成 style into the body's."""
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fmt.first_line_indent, fmt.right_indent = Pt(0), 2 * BODY_CHARACTER


def _page_number(paragraph, side) -> None:
    """— 1 —, 空一字 from the side it stands on (GB/T 9704 7.5: odd pages right, even pages left): a PAGE field
    between two dashes (python-docx has no field API: three w:fldChar runs)."""
    fmt = paragraph.paragraph_format
    fmt.alignment = side
    if side == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE
    for text, field in (("— ", None), (None, "begin"), (" PAGE ", "instr"), (None, "end"), (" —", None)):
        run = paragraph.add_run(text if field is None else None)
        run.font.name, run.font.size = "宋体", PAGE_NUMBER_SIZE  # 4号 半角 numbers
        run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
        if field == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run._element.append(element)
        elif field:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), field)
            run._element.append(element)
