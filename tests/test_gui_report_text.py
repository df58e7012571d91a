"""编辑年度报告文字…: a text per section and, in （一）, per part of the outline; the report places it; a text
edited and not saved is kept or dropped only as the officer answers."""

from desktop.services import report_docx, report_texts
from desktop.ui.report_text_dialog import ReportTextDialog
from tests.gui_helpers import create_ledger_through_dialog, when_modal


def dialog_of(qtbot, window) -> ReportTextDialog:
    create_ledger_through_dialog(qtbot, window)
    dialog = ReportTextDialog(window, window.store, window.view.ledger.id)
    qtbot.addWidget(dialog)
    return dialog


def answer(label: str):
    def press(box):
        next(b for b in box.buttons() if b.text() == label).click()
    when_modal(press)


def test_a_part_of_the_outline_gets_its_own_text_placed_after_its_paragraphs(qtbot, window, tmp_path):
    dialog = dialog_of(qtbot, window)
    assert dialog.form.isRowVisible(dialog.parts)  # （一）主要举措和成效 is written part by part
    dialog.parts.setCurrentIndex(dialog.parts.findData("3"))
    dialog.editor.setPlainText("全年审查规范性文件 2 件，均按期出具意见。")
    dialog.save()
    ledger = window.view.ledger.id
    assert report_texts.get_texts(window.store, ledger) == {("1", "3"): "全年审查规范性文件 2 件，均按期出具意见。"}
    dialog.sections.setCurrentIndex(1)
    assert not dialog.form.isRowVisible(dialog.parts) and dialog.editor.toPlainText() == ""
    path = report_docx.export_report(window.store, ledger, tmp_path / "r.docx")
    from docx import Document

    texts = [p.text for p in Document(str(path)).paragraphs]
    own = texts.index("全年审查规范性文件 2 件，均按期出具意见。")
    part_three = next(i for i, t in enumerate(texts) if t.startswith("（三）"))
    part_four = next(i for i, t in enumerate(texts) if t.startswith("（四）"))
    assert part_three < own < part_four


def test_switching_away_from_unsaved_text_asks_and_saves_on_yes(qtbot, window):
    dialog = dialog_of(qtbot, window)
    dialog.sections.setCurrentIndex(1)
    dialog.editor.setPlainText("审核力量不足。")
    answer("保存")
    dialog.sections.setCurrentIndex(3)
    assert report_texts.get_texts(window.store, window.view.ledger.id) == {("2", ""): "审核力量不足。"}
    dialog.editor.setPlainText("明年继续。")
    answer("不保存")
    dialog.reject()
    assert report_texts.get_texts(window.store, window.view.ledger.id) == {("2", ""): "审核力量不足。"}
