"""The progress workbook's 封面 and 同比, read back as an inspector reads them: who and which year, the totals,
填报人 and 审核人 from 设置; this year against last year per part, and the items whose 落实结果 changed —
matched by their template key across the 2021–2025 and 2026 checklists."""

import shutil
import subprocess
from datetime import date, datetime

import openpyxl
import pytest

from desktop.services import export_xlsx, ledgers, register_settings
from desktop.services.year_compare import CHANGED, GONE, NEW

UNIT = "测试镇人民政府"


def rows(sheet) -> list[tuple]:
    return [r for r in sheet.iter_rows(values_only=True)]


def cover_of(book) -> dict:
    return {label: value for label, value in rows(book["封面"])[2:]}


def set_result(store, ledger_id: int, code: str, result: str) -> None:
    item = next(i for i in ledgers.load_view(store, ledger_id).items if i.code == code)
    fields = {"result": result, "progress": "已完成" if result == "已落实" else "推进中"}
    ledgers.update_item(store, item.id, fields)


def test_the_cover_names_the_ledger_its_totals_and_the_signers(store, ledger, tmp_path):
    register_settings.save_settings(store, signer_names={"preparer": "张三", "reviewer": " 李四\u200b "})
    set_result(store, ledger, "1.1", "已落实")
    out = export_xlsx.export_progress_workbook(store, ledger, tmp_path / "a.xlsx", today=date(2025, 12, 1))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "封面" and "同比" not in book.sheetnames
    cover = cover_of(book)
    view = ledgers.load_view(store, ledger)
    assert rows(book["封面"])[0][0] == f"{UNIT}2025年度法治政府建设进度表"
    assert cover["单位"] == UNIT and cover["年度"] == "2025 年度"
    assert cover["清单模板"].startswith(view.ledger.template_name) and "版本 2025.2" in cover["清单模板"]
    assert cover["任务条目"] == f"{view.overall.items} 项（适用 {view.overall.applicable} 项）"
    assert cover["已完成"] == "1 项" and cover["完成率"] == pytest.approx(1 / view.overall.applicable)
    assert cover["佐证材料"] == "0 份" and cover["同比"] == "没有 2024 年度台账，未生成同比"
    assert (cover["填报人"], cover["审核人"]) == ("张三", "李四")  # cleaned as every text is
    assert isinstance(cover["导出时间"], datetime) and cover["导出时间"].date() == date.today()  # a date cell


def test_the_signers_are_one_undoable_setting(store):
    from desktop.services import undo

    changes = register_settings.save_settings(store, signer_names={"preparer": "张三", "reviewer": ""})
    assert register_settings.signers(store) == {"preparer": "张三", "reviewer": ""}
    undo.undo(store, changes.op_id)
    assert register_settings.signers(store) == {"preparer": "", "reviewer": ""}
    assert register_settings.save_settings(store, signer_names={"preparer": "", "reviewer": ""}).empty


@pytest.fixture
def two_years(store, ledger):
    """2025 on the 2021–2025 checklist, 2026 on the 2026 one, with results that differ."""
    this = ledgers.create_ledger(store, UNIT, 2026).result
    for code in ("1.1", "3.1"):
        set_result(store, ledger, code, "已落实")
    set_result(store, ledger, "3.2", "部分落实")
    set_result(store, this, "1.1", "已落实")  # the same
    set_result(store, this, "3.1", "未落实")  # worse
    set_result(store, this, "3.2", "已落实")  # better
    return ledger, this


def test_same_year_last_year_per_part_and_the_changed_items(store, two_years, tmp_path):
    last, this = two_years
    out = export_xlsx.export_progress_workbook(store, this, tmp_path / "b.xlsx", today=date(2026, 12, 1))
    book = openpyxl.load_workbook(out)
    names = book.sheetnames
    assert names[:4] == ["封面", "汇总", "同比", "同比（落实结果变化）"]
    assert cover_of(book)["同比"].startswith("与 2025 年度台账的对比")
    this_view, last_view = ledgers.load_view(store, this), ledgers.load_view(store, last)
    parts = {r[0]: r for r in rows(book["同比"])[2:]}
    part_three = next(p for p in this_view.items if p.level == "part" and p.code == "3")
    last_three = next(p for p in last_view.items if p.level == "part" and p.code == "3")
    now, before = this_view.part_tallies[part_three.id], last_view.part_tallies[last_three.id]
    code, _title, items, done, ratio, last_items, last_done, last_ratio, change = parts["3"]
    assert (items, done, last_items, last_done) == (now.items, 1, before.items, 1)
    assert ratio == pytest.approx(now.ratio) and last_ratio == pytest.approx(before.ratio)
    assert change == pytest.approx(now.ratio - before.ratio)
    changed = {r[0]: r for r in rows(book["同比（落实结果变化）"])[2:]}
    assert changed["3.1"][2:5] == ("已落实", "未落实", CHANGED)
    assert changed["3.2"][2:5] == ("部分落实", "已落实", CHANGED)
    assert "1.1" not in changed  # unchanged
    assert changed["2.10"][4] == NEW and changed["2.10"][2] is None  # the 2026 checklist's new items
    this_uids = {i.code: i.uid for i in export_xlsx.take(store, this)[0].checklist()}
    assert changed["3.1"][5] == this_uids["3.1"]
    assert all(r[4] in (NEW, GONE, CHANGED) for r in changed.values())


def test_last_year_of_another_unit_is_not_compared(store, ledger, tmp_path):
    other = ledgers.create_ledger(store, "另一镇人民政府", 2026).result
    out = export_xlsx.export_progress_workbook(store, other, tmp_path / "c.xlsx", today=date(2026, 12, 1))
    book = openpyxl.load_workbook(out)
    assert "同比" not in book.sheetnames and cover_of(book)["同比"] == "没有 2025 年度台账，未生成同比"


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and poppler-utils are needed")
def test_libreoffice_prints_the_cover_and_the_comparison(store, two_years, tmp_path):
    register_settings.save_settings(store, signer_names={"preparer": "张三", "reviewer": "李四"})
    out = export_xlsx.export_progress_workbook(store, two_years[1], tmp_path / "进度表.xlsx", today=date(2026, 12, 1))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=240)
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "进度表.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    first = pages[0]
    assert f"{UNIT}2026年度法治政府建设进度表" in first and "填报人" in first and "张三" in first and "李四" in first
    assert any("落实结果与 2025 年度不同的条目" in p for p in pages)
    headers = [next(line for line in p.splitlines() if line.strip()) for p in pages if p.strip()]
    assert any(h.endswith("同比（落实结果变化）") for h in headers) and not any("_" in h for h in headers)


def test_the_signers_are_typed_in_the_settings_dialog_and_reach_the_cover(qtbot, window, store, tmp_path):
    from PySide6.QtCore import Qt

    from tests.gui_helpers import create_ledger_through_dialog, type_text, when_modal

    create_ledger_through_dialog(qtbot, window)

    def fill(dialog):
        dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
        assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "进度表签署"
        type_text(dialog.signer_boxes["preparer"], "王五")
        type_text(dialog.signer_boxes["reviewer"], "赵六")
        qtbot.keyClick(dialog.signer_boxes["reviewer"], Qt.Key_Return)  # Enter saves, as the default button

    when_modal(fill)
    window.open_settings()
    assert register_settings.signers(store) == {"preparer": "王五", "reviewer": "赵六"}
    window.undo_stack.undo()  # one Ctrl+Z takes the save back
    assert register_settings.signers(store) == {"preparer": "", "reviewer": ""}
    window.undo_stack.redo()
    out = export_xlsx.export_progress_workbook(store, window.view.ledger.id, tmp_path / "d.xlsx")
    cover = cover_of(openpyxl.load_workbook(out))
    assert (cover["填报人"], cover["审核人"]) == ("王五", "赵六")
