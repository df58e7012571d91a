"""What each import of the 导入 menu reads, checks, applies and offers afterwards (the dialog is ui/import_dialog).
check runs on a worker connection; apply on the window's writer (window.perform: one Ctrl+Z step)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.domain import registers as rules


@dataclass(frozen=True)
class Preview:
    """What a file would add: the table (labels, rows of text) or the problems that stop it."""

    labels: tuple[str, ...]
    rows: list[tuple]
    problems: list[str]
    summary: str = ""


@dataclass(frozen=True)
class ImportKind:
    key: str  # its text in the 导入 menu: ui/transfer_menus.IMPORTS
    title: str
    changes: str  # what will change
    headers: str  # what the sheet must look like
    check: Callable  # (store, ledger_id, path, today) -> Preview, on a worker
    apply: Callable  # (window, ledger_id, path, today) -> result, on the writer
    done: Callable  # (window, result): the result offered
    needs_ledger: bool = True
    undoable: bool = True
    extra: dict = field(default_factory=dict)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def offer_register(window, entity: str, text: str) -> None:
    """The imported rows on their register page, if the officer wants to see them."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Information, "导入完成", f"{text}可用 Ctrl+Z 撤销。", QMessageBox.NoButton, window)
    from desktop.ui.lazy_tab import REGISTER_TABS

    show = box.addButton(f"查看“{REGISTER_TABS[entity]}”页", QMessageBox.AcceptRole)
    box.addButton("关闭", QMessageBox.RejectRole)
    window.last_dialog = box
    box.exec()
    if box.clickedButton() is show:
        window.show_register(entity)


# ----- 执法人员 (services/officer_import)
def _officer_check(store, ledger_id: int, path: Path, today: date) -> Preview:
    from desktop.services import officer_import

    rows = officer_import.read_rows(path)
    cleaned, problems = officer_import.check_rows(store, ledger_id, rows, today)
    return Preview(tuple(officer_import.HEADERS), [tuple(cell_text(v[f]) for f in officer_import.FIELDS)
                                                   for v in cleaned], problems)


def _officer_apply(window, ledger_id: int, path: Path, today: date) -> int:
    from desktop.services import officer_import

    return window.perform(lambda s: officer_import.import_officers(s, ledger_id, path, today=today),
                          label="正在导入执法人员…", long=True).result


def _officer_done(window, count: int) -> None:
    offer_register(window, rules.OFFICER, f"已导入执法人员 {count} 名。")


KINDS = {kind.key: kind for kind in (
    ImportKind("officer", "导入执法人员", "向执法人员名册添加表中的人员（全部添加，或有一行有误时一行也不添加）",
               "第 1 行为表头：姓名、执法证号、所在科室、证件有效期（姓名必填，其余可选）；第 2 行起每行一人。",
               _officer_check, _officer_apply, _officer_done),
)}
