"""The officers' page's 从 Excel 导入… button: the same import dialog as 导入 → 执法人员…."""

BUTTON = "从 Excel 导入…"


def import_officers(page):
    """The dialog (ui/import_dialog): the file checked, the rows shown, 导入 as one undo step."""
    if page.context() is None:
        return None
    from desktop.ui import import_dialog  # loaded when first used

    return import_dialog.start(page.window_, "enforcement_officer")
