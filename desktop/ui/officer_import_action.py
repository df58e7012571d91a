"""导入执法人员…: the officers' page's button — pick an Excel file, import every row or none (one undo step)."""

from desktop.domain.errors import UserError
from desktop.services import officer_import
from desktop.ui import file_dialogs
from desktop.ui.messages import inform, show_error

IMPORT = "import"  # the file dialog's remembered folder
BUTTON = "从 Excel 导入…"


def import_officers(page) -> int | None:
    """How many were imported, or None (cancelled or refused: the refusal names the bad rows)."""
    ctx = page.context()
    if ctx is None:
        return None
    path = file_dialogs.open_file(page, IMPORT, "导入执法人员（表头：姓名、执法证号、所在科室、证件有效期）",
                                  "Excel 工作簿 (*.xlsx)")
    return import_file(page, path) if path is not None else None


def import_file(page, path) -> int | None:
    """On the window's writer as one operation: one undo step, the views follow its Changes."""
    ctx = page.context()
    ledger_id, today = ctx.ledger_id, ctx.today
    try:
        changes = page.window_.perform(lambda s: officer_import.import_officers(s, ledger_id, path, today=today),
                                       label="正在导入执法人员…")
    except UserError as exc:
        show_error(page, exc, "未能导入执法人员")
        return None
    inform(page, "导入完成", f"已导入执法人员 {changes.result} 名。")
    return changes.result
