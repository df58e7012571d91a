"""导入 in the window: one dialog for every import from Excel — what changes, the headers, 选择文件… (the folder
remembered), the file checked on a worker, the rows listed (or every problem and 导入 off), 导入 as one Ctrl+Z
step, then the register page offered."""

from datetime import date

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.domain import registers as rules
from desktop.services import registers as register_service
from desktop.ui import file_dialogs
from desktop.ui.import_dialog import ImportDialog
from tests.gui_helpers import accept_message, create_ledger_through_dialog, when_modal


def _sheet(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _answer_file(monkeypatch, path, asked):
    def pick(parent, title, folder, name_filter, *args, **kwargs):
        asked.append((title, folder))
        return str(path), name_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))


def _checked(qtbot, dialog):
    """选择文件… pressed; the file read on a worker (its progress dialog, if any, left to itself)."""
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: not dialog.status.text().startswith("正在读取"), timeout=30000)


def _officers(window):
    return register_service.list_entries(window.store, rules.OFFICER, window.view.ledger.id)


def test_a_good_file_is_listed_imported_as_one_undo_step_and_its_page_shown(qtbot, window, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    folder = tmp_path / "区里发来的"
    folder.mkdir()
    path = _sheet(folder / "名册.xlsx", [["姓名", "执法证号", "所在科室", "证件有效期"],
                                        ["王丽", "Z0001", "综合执法办", date(2028, 6, 30)],
                                        ["李强", "Z0002", None, None], [None, None, None, None],
                                        ["赵六", "", "司法所", "2027-01-31"]])
    asked, seen, said = [], {}, []
    _answer_file(monkeypatch, path, asked)

    def review(dialog):
        assert isinstance(dialog, ImportDialog)
        seen["title"] = dialog.windowTitle()
        seen["import_enabled_before"] = dialog.import_button.isEnabled()
        _checked(qtbot, dialog)
        model = dialog.table.model()
        seen["headers"] = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
        seen["rows"] = [tuple(model.index(r, c).data() for c in range(model.columnCount()))
                        for r in range(model.rowCount())]
        seen["status"] = dialog.status.text()
        when_modal(accept_message(said, "查看“执法人员”页"), exclude=dialog)
        dialog.import_button.click()

    when_modal(review)
    window.import_actions["enforcement_officer"].trigger()
    assert seen["title"] == "导入执法人员" and seen["import_enabled_before"] is False
    assert seen["headers"] == ["行", "姓名", "执法证号", "所在科室", "证件有效期"]
    assert seen["rows"] == [("2", "王丽", "Z0001", "综合执法办", "2028-06-30"), ("3", "李强", "Z0002", "", ""),
                            ("5", "赵六", "", "司法所", "2027-01-31")]  # by their rows in the sheet
    assert seen["status"] == "共 3 行，导入后将全部添加："
    assert said == ["已导入执法人员 3 名。可用 Ctrl+Z 撤销。"]
    assert sorted(o.name for o in _officers(window)) == ["李强", "王丽", "赵六"]
    assert window.tabs.currentWidget() is window.register_tabs[rules.OFFICER]  # the page offered and shown
    assert window.undo_stack.undoText().startswith("导入执法人员 3 名")
    window.undo_stack.undo()  # one step takes all three back
    assert _officers(window) == []
    assert file_dialogs.start_folder("import_enforcement_officer") == folder  # the next import of officers starts there


def test_a_bad_file_shows_every_problem_and_cannot_be_imported(qtbot, window, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    path = _sheet(tmp_path / "有错.xlsx", [["姓名", "执法证号", "所在科室", "证件有效期"],
                                           ["王丽", "Z0001", "综合执法办", "2028-13-45"],
                                           ["李强", "Z0001", None, None], [None, "Z0003", None, None]])
    _answer_file(monkeypatch, path, [])
    seen = {}

    def review(dialog):
        _checked(qtbot, dialog)
        seen["problems"] = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        seen["status"] = dialog.status.text()
        seen["enabled"] = dialog.import_button.isEnabled()
        seen["table"] = dialog.table.isVisible()
        dialog.import_button.click()  # disabled: nothing happens
        seen["still_open"] = dialog.isVisible()
        dialog.reject()

    when_modal(review)
    window.import_actions["enforcement_officer"].trigger()
    assert seen["enabled"] is False and seen["table"] is False and seen["still_open"] is True
    assert seen["status"].startswith(f"有 {len(seen['problems'])} 处问题，不会导入任何内容")
    assert seen["problems"] == ["第 2 行：证件有效期：“2028-13-45”不是日期（如 2025-06-30）。",
                                "第 3 行：执法证号 Z0001 与第 2 行重复。", "第 4 行：请填写姓名。"]
    assert _officers(window) == [] and window.undo_stack.count() == 0


def test_a_file_without_the_headers_is_refused_in_the_dialog(qtbot, window, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    _answer_file(monkeypatch, _sheet(tmp_path / "别的表.xlsx", [["序号", "单位"], [1, "青山镇"]]), [])
    seen = {}

    def review(dialog):
        _checked(qtbot, dialog)
        seen["problems"] = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        seen["enabled"] = dialog.import_button.isEnabled()
        dialog.reject()

    when_modal(review)
    window.import_actions["enforcement_officer"].trigger()
    assert seen["enabled"] is False and "没有“姓名”列" in seen["problems"][0]


def test_the_round_trip_is_in_the_import_menu(qtbot, window):
    assert window.action_import_workbook.text() == "修改过的进度表…"
    assert not window.action_import_workbook.isEnabled() and not window.import_actions["enforcement_officer"].isEnabled()
    create_ledger_through_dialog(qtbot, window)
    assert window.action_import_workbook.isEnabled() and window.import_actions["enforcement_officer"].isEnabled()


def _import_through_menu(qtbot, window, key, path, monkeypatch):
    """The menu action, the file picked and checked, 导入 pressed, the result closed; what was shown."""
    _answer_file(monkeypatch, path, [])
    seen, said = {}, []

    def review(dialog):
        seen["changes"] = [label.text() for label in dialog.findChildren(type(dialog.status))]
        _checked(qtbot, dialog)
        seen["problems"] = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        seen["rows"] = dialog.table.model().rowCount() if dialog.table.model() else 0
        if not dialog.import_button.isEnabled():
            dialog.reject()
            return
        when_modal(accept_message(said, "关闭"), exclude=dialog)
        dialog.import_button.click()

    when_modal(review)
    window.import_actions[key].trigger()
    return seen, said


def test_advisers_and_cases_come_in_through_the_same_dialog(qtbot, window, tmp_path, monkeypatch):
    create_ledger_through_dialog(qtbot, window)
    ledger_id = window.view.ledger.id
    advisers = _sheet(tmp_path / "顾问.xlsx", [["姓名", "所在律所/单位", "顾问类型"],
                                              ["孙律师", "青山律师事务所", "政府法律顾问"],
                                              ["周律师", "青山律师事务所", "村(居)法律顾问"]])
    seen, said = _import_through_menu(qtbot, window, "adviser", advisers, monkeypatch)
    assert any("向本年度的法律顾问名册添加表中的每一行" in t for t in seen["changes"])
    assert any("必须有的列：姓名、顾问类型" in t for t in seen["changes"])
    assert seen["rows"] == 2 and said == ["已导入法律顾问 2 名。可用 Ctrl+Z 撤销。"]
    assert sorted(a.name for a in register_service.list_entries(window.store, rules.ADVISER, ledger_id)) == \
        ["周律师", "孙律师"]
    cases = _sheet(tmp_path / "案件.xlsx", [["案件编号", "执法类别", "案由", "决定日期"],
                                            ["青执罚〔2025〕1号", "处罚", "占道经营", date(2025, 5, 6)],
                                            ["青执罚〔2025〕2号", "罚款", "无照经营", None]])
    seen, said = _import_through_menu(qtbot, window, "enforcement_case", cases, monkeypatch)
    assert len(seen["problems"]) == 1 and seen["problems"][0].startswith("第 3 行") and said == []
    assert register_service.list_entries(window.store, rules.CASE, ledger_id) == []  # none of the two
    window.undo_stack.undo()  # the advisers' import is the last step: one undo takes both back
    assert register_service.list_entries(window.store, rules.ADVISER, ledger_id) == []


def test_cancel_while_the_file_is_read_shows_nothing_and_imports_nothing(qtbot, window, tmp_path, monkeypatch):
    import threading

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from desktop.services import register_import

    create_ledger_through_dialog(qtbot, window)
    path = _sheet(tmp_path / "名册.xlsx", [["姓名"], ["王丽"]])
    _answer_file(monkeypatch, path, [])
    real, release = register_import.check_file, threading.Event()

    def slow(*args, **kwargs):
        release.wait(20)  # a large file: still reading when the officer presses 取消
        return real(*args, **kwargs)

    monkeypatch.setattr(register_import, "check_file", slow)
    seen = {}

    def press_cancel(progress):
        assert isinstance(progress, QProgressDialog) and progress.labelText() == "正在读取和检查文件…"
        next(b for b in progress.findChildren(QPushButton) if b.text() == "取消").click()
        release.set()

    def review(dialog):
        when_modal(press_cancel, exclude=dialog, timeout_ms=20000)
        dialog.choose_button.click()
        qtbot.waitUntil(lambda: dialog.status.text() == "已取消读取，请重新选择文件。", timeout=30000)
        seen.update(enabled=dialog.import_button.isEnabled(), file=dialog.file.text(), table=dialog.table.isVisible())
        dialog.reject()

    when_modal(review)
    window.import_actions["enforcement_officer"].trigger()
    assert seen == {"enabled": False, "file": "", "table": False}
    assert _officers(window) == []


def test_a_district_checklist_is_installed_without_a_ledger_and_offered_for_a_new_one(qtbot, window, monkeypatch):
    """导入 → 区县任务清单（模板）… needs no ledger; the example is listed item by item, installed, and the
    new-ledger dialog is offered; then it is a choice there."""
    from desktop.services import templates

    assert window.view is None and window.import_actions["template"].isEnabled()
    example = templates.builtin_template_path("区县任务清单示例.xlsx")
    asked, seen, said = [], {}, []
    _answer_file(monkeypatch, example, asked)

    def review(dialog):
        seen["title"] = dialog.windowTitle()
        seen["says"] = " ".join(label.text() for label in dialog.findChildren(type(dialog.status)))
        _checked(qtbot, dialog)
        seen["status"] = dialog.status.text()
        seen["rows"] = dialog.table.model().rowCount()
        when_modal(accept_message(said, "关闭"), exclude=dialog)
        dialog.import_button.click()

    when_modal(review)
    window.import_actions["template"].trigger()
    assert seen["title"] == "导入区县任务清单（模板）"
    assert str(example) in seen["says"] and example.is_file() and "docs/" not in seen["says"]  # what ships
    assert seen["status"].startswith("××区乡镇（街道）法治政府建设任务清单（示例）（版本 示例-2026.1") and seen["rows"] == 129
    assert said and "新建年度台账时可在“清单模板”中选用它" in said[0]
    assert any(c.name.startswith("××区") and c.template_id for c in templates.choices(window.store))


def test_a_bad_checklist_lists_each_row_and_installs_nothing(qtbot, window, tmp_path, monkeypatch):
    from desktop.services import templates

    path = tmp_path / "清单.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "模板信息"
    book.active.append(["模板名称", "青山区清单"])
    items = book.create_sheet("任务清单")
    for row in (["编码", "标题"], ["1", "部分一"], ["1.1", ""], ["2.1", "上级缺失"]):
        items.append(row)
    book.save(path)
    _answer_file(monkeypatch, path, [])
    seen = {}

    def review(dialog):
        _checked(qtbot, dialog)
        seen["problems"] = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        seen["enabled"] = dialog.import_button.isEnabled()
        dialog.reject()

    before = len(templates.choices(window.store))
    when_modal(review)
    window.import_actions["template"].trigger()
    assert seen["enabled"] is False
    assert seen["problems"] == ["“模板信息”表：缺少“版本”（A 列写“版本”，B 列写内容）。",  # in the sheet's order
                                "第 2 行：部分 1 下没有任务（其下应有 1.1 等行）。", "第 3 行“标题”：不能为空。",
                                "第 4 行“编码”：2.1 的上级 2 不在它之前的行中。"]
    assert len(templates.choices(window.store)) == before
