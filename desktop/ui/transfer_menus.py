"""The 导出 and 导入 menus: every file the program writes for others, and every Excel file it takes in."""

from desktop.ui.handover_actions import HandoverActions

# (key of ui/import_kinds, menu text, needs a writable ledger): here, so the menu is built without the imports
IMPORTS = (("enforcement_officer", "执法人员…", True), ("adviser", "法律顾问…", True),
           ("enforcement_case", "执法案件…", True), ("template", "区县任务清单（模板）…", False))


def install(window, edit_menu) -> None:
    """The menus after 查看; the actions keep their window attributes (action_export …) for the toolbar."""
    window.handover = handover = HandoverActions(window)
    export_menu = window.menuBar().addMenu("导出(&X)")
    window.action_export = window._action(export_menu, "进度表（Excel）…", window.actions_.export_xlsx, "Ctrl+E")
    window.action_export.setIconText("导出进度表")  # on the toolbar, out of its menu
    window.action_export.setToolTip("导出 Excel 进度表（Ctrl+E）")
    window.action_binder = window._action(export_menu, "佐证材料包（zip）…", lambda: handover.export_binder())
    window.action_report = window._action(export_menu, "年度报告草稿（Word）…", lambda: handover.export_report())
    window.action_statistics = window._action(export_menu, "执法统计年报（Excel）…",
                                              lambda: window.actions_.export_statistics())
    edit_menu.addSeparator()
    window.action_report_texts = window._action(edit_menu, "编辑年度报告文字…", handover.edit_texts)
    import_menu = window.menuBar().addMenu("导入(&I)")
    window.action_import_workbook = window._action(import_menu, "修改过的进度表…", lambda: _import(window, "workbook"))
    import_menu.addSeparator()
    window.import_actions = {key: window._action(import_menu, text, lambda _checked=False, k=key: _import(window, k))
                             for key, text, _needs in IMPORTS}


def sync(window, has_ledger: bool, writable: bool) -> None:
    for action in (window.action_export, window.action_binder, window.action_report, window.action_statistics):
        action.setEnabled(has_ledger)
    window.action_report_texts.setEnabled(writable)
    window.action_import_workbook.setEnabled(writable)
    for key, _text, needs_ledger in IMPORTS:
        window.import_actions[key].setEnabled(writable or not needs_ledger)


def _import(window, key: str) -> None:
    from desktop.ui import import_dialog

    import_dialog.start(window, key)
