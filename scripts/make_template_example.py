"""Write resources/templates/区县任务清单示例.xlsx: the built-in 2026 checklist laid out as a district's own
checklist (docs/template-xlsx.md), for a district to start from. Run after changing the layout or the 2026
checklist; tests/test_template_xlsx.py checks the file reads back as that checklist."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "××区乡镇（街道）法治政府建设任务清单（示例）"
VERSION = "示例-2026.1"


def rows(template):
    """(code, title, obligation, basis, kinds, applicability, note, indicator, unit, target, key) per row; an
    item's further indicators on rows of their own (same code, no title)."""
    for node in template.walk():
        first, *more = node.indicators or (None,)
        yield [node.code, node.title, node.obligation, node.basis, "、".join(node.evidence_kinds),
               node.applicability, node.note, *_indicator(first), node.key]
        for indicator in more:
            yield [node.code, "", "", "", "", "", "", *_indicator(indicator), ""]


def _indicator(indicator) -> list:
    if indicator is None:
        return ["", "", None]
    return [indicator.name, indicator.unit, indicator.target]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import xlsxwriter

    from desktop.services import template_xlsx, templates
    from desktop.services.atomic import atomic_write

    template = templates.builtin("township_2026.yaml")
    target = templates.builtin_template_path("区县任务清单示例.xlsx")
    with atomic_write(target) as temp:
        book = xlsxwriter.Workbook(str(temp), {"strings_to_numbers": False, "strings_to_formulas": False})
        head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "font_name": "黑体"})
        text = book.add_format({"num_format": "@", "text_wrap": True, "valign": "top", "font_name": "宋体"})
        info = book.add_worksheet(template_xlsx.INFO_SHEET)
        for number, (label, value) in enumerate((
                ("模板名称", NAME), ("版本", VERSION), ("起始年度", template.first_year), ("截止年度", None),
                ("来源", "据《法治政府建设实施纲要（2021－2025年）》和区委依法治区办部署编制（示例）"))):
            info.write_string(number, 0, label, head)
            if value is not None:
                info.write(number, 1, value, text)
        info.set_column(0, 0, 12)
        info.set_column(1, 1, 70)
        sheet = book.add_worksheet(template_xlsx.ITEMS_SHEET)
        widths = (8, 30, 50, 30, 24, 10, 30, 16, 8, 10, 10)
        for index, (label, width) in enumerate(zip(template_xlsx.COLUMNS, widths, strict=True)):
            sheet.write_string(0, index, label, head)
            sheet.set_column(index, index, width, text)
        for number, row in enumerate(rows(template), start=1):
            for index, value in enumerate(row):
                if isinstance(value, (int, float)):
                    sheet.write_number(number, index, value)
                elif value:
                    sheet.write_string(number, index, value, text)
        sheet.freeze_panes(1, 2)
        book.close()
    print(target)


if __name__ == "__main__":
    main()
