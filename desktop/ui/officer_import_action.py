"""导入执法人员…: the officers' page's button — pick an Excel file, import every row or none (one undo step)."""

from desktop.domain.errors import UserError
from desktop.services import officer_import
from desktop.services import undo as undo_service
from desktop.ui import file_dialogs
from desktop.ui.messages import inform, show_error
from desktop.ui.undo import ServiceCommand

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
    ctx = page.context()
    try:
        changes = officer_import.import_officers(ctx.store, ctx.ledger_id, path, today=ctx.today)
    except UserError as exc:
        show_error(page, exc, "未能导入执法人员")
        return None
    window = page.window_
    if changes.op_id is not None:
        state = {"undo_op": None}

        def undo_step():
            state["undo_op"] = undo_service.undo(ctx.store, changes.op_id).op_id

        def redo_step():
            undo_service.redo(ctx.store, state["undo_op"])

        window.push_undo(ServiceCommand(changes.label, undo_step, redo_step,
                                        **window.undo_hooks(after=page._after_change)))
    page._after_change()
    inform(page, "导入完成", f"已导入执法人员 {changes.result} 名。")
    return changes.result
