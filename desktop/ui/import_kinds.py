"""What each import of the 导入 menu reads, checks, applies and offers afterwards (the dialog is ui/import_dialog).
check runs on a worker connection; apply on the window's writer (window.perform: one Ctrl+Z step)."""

from collections.abc import Callable
from dataclasses import dataclass
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


# ----- 执法人员, 法律顾问, 执法案件 (services/register_import): one kind per register
ROW = "行"  # the preview's first column: the row's number in the sheet


def _register_check(entity: str):
    def check(store, ledger_id: int, path: Path, today: date) -> Preview:
        from desktop.services import register_import

        checked = register_import.check_file(store, entity, ledger_id, path, today)
        rows = [(str(n), *row) for n, row in zip(checked.numbers, checked.preview, strict=True)]
        return Preview((ROW, *checked.labels), rows, list(checked.problems))
    return check


def _register_apply(entity: str):
    def apply(window, ledger_id: int, path: Path, today: date) -> int:
        from desktop.services import register_import

        return window.perform(lambda s: register_import.import_file(s, entity, ledger_id, path, today=today),
                              label=f"正在导入{rules.REGISTER_LABELS[entity]}…", long=True).result
    return apply


def _register_done(entity: str, measure: str):
    return lambda window, count: offer_register(
        window, entity, f"已导入{rules.REGISTER_LABELS[entity]} {count} {measure}。")


def _register_kind(entity: str, measure: str) -> ImportKind:
    from desktop.services import register_import

    label = rules.REGISTER_LABELS[entity]
    return ImportKind(entity, f"导入{label}",
                      f"向本年度的{label}{'名册' if entity != rules.CASE else '台账'}添加表中的每一行"
                      "（全部添加；有一行有误时一行也不添加）",
                      register_import.describe(entity), _register_check(entity), _register_apply(entity),
                      _register_done(entity, measure))


KINDS = {kind.key: kind for kind in (
    _register_kind(rules.OFFICER, "名"), _register_kind(rules.ADVISER, "名"), _register_kind(rules.CASE, "件"),
)}
