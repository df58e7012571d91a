"""Write resources/report/年度报告模板.docx, the layout every annual report draft starts from, from
report_docx.build_layout (run it after changing the layout; tests/test_report_docx.py checks they agree)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from desktop.services import report_docx
    from desktop.services.atomic import atomic_write

    report_docx.TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(report_docx.TEMPLATE) as temp:
        report_docx.build_layout().save(str(temp))
    print(report_docx.TEMPLATE)


if __name__ == "__main__":
    main()
