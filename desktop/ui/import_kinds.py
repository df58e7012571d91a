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
    problems: list[str]  # any problem stops the import
    summary: str = ""
    choices: tuple = ()  # when given, what each row stands for: the rows are ticked, the ticked ones applied
    notes: tuple[str, ...] = ()  # said, without stopping the import (cells the round trip leaves alone)


@dataclass(frozen=True)
class ImportKind:
    key: str  # its text in the 导入 menu: ui/transfer_menus.IMPORTS
    title: str
    changes: str  # what will change
    headers: str  # what the sheet must look like
    check: Callable  # (store, ledger_id, path, today) -> Preview, on a worker
    apply: Callable  # (window, ledger_id, path, today, chosen) -> result, on the writer; chosen: ticked choices
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
    def apply(window, ledger_id: int, path: Path, today: date, _chosen: tuple) -> int:
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


# ----- 区县任务清单 (services/template_xlsx): a checklist template, for this database, not for a ledger
TEMPLATE = "template"


def _template_check(_store, _ledger_id, path: Path, _today: date) -> Preview:
    from desktop.domain.errors import UserError
    from desktop.services import template_xlsx

    try:
        template = template_xlsx.check_file(path)
    except UserError as exc:  # every bad row on a line of its own (the first line says nothing is imported)
        lines = str(exc).splitlines()
        return Preview((), [], lines[1:] if len(lines) > 1 else lines)
    rows = [(n.code, n.title, n.applicability, "、".join(i.name for i in n.indicators)) for n in template.walk()]
    return Preview(("编码", "标题", "适用性", "指标"), rows, [], f"{template_xlsx.summary(template)}。导入后将安装：")


def _template_apply(window, _ledger_id, path: Path, _today: date, _chosen: tuple) -> int:
    from desktop.services import template_xlsx

    return window.write(lambda s: template_xlsx.import_template(s, path), label="正在安装清单模板…", long=True)


def _template_done(window, _template_id: int) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Information, "导入完成", "清单模板已安装。新建年度台账时可在“清单模板”中选用它。",
                      QMessageBox.NoButton, window)
    create = box.addButton("新建年度台账…", QMessageBox.AcceptRole)
    box.addButton("关闭", QMessageBox.RejectRole)
    window.last_dialog = box
    box.exec()
    if box.clickedButton() is create:
        window.actions_.new_ledger()


EXAMPLE = "区县任务清单示例.xlsx"  # shipped in resources/templates (the bundle carries resources/, not docs/)


def _template_kind() -> ImportKind:
    from desktop.services.templates import builtin_template_path

    return ImportKind(TEMPLATE, "导入区县任务清单（模板）",
                      "把区（县）下发的任务清单安装为清单模板（不改动已有台账；新建年度台账时可选用）",
                      "两个工作表：“模板信息”（A 列项目、B 列内容：模板名称、版本必填，起始年度、截止年度、来源可选）和"
                      "“任务清单”（第 1 行表头：编码、标题必填，工作要求、依据、佐证材料类型、适用性、说明、指标名称、"
                      "指标单位、年度目标、键可选）。可以程序自带的示例为底稿（用 Excel 或 WPS 打开后另存一份再改）："
                      f"{builtin_template_path(EXAMPLE)}",
                      _template_check, _template_apply, _template_done, needs_ledger=False, undoable=False)


# ----- 修改过的进度表 (services/roundtrip): the changes ticked, the ticked ones one operation
WORKBOOK = "workbook"


def _workbook_check(store, ledger_id: int, path: Path, today: date) -> Preview:
    from desktop.services import roundtrip

    diff = roundtrip.read(store, ledger_id, path, today)
    return Preview(("修改",), [(str(c),) for c in diff.changes], [],
                   f"{diff.summary()}。请勾选要导入的修改：" if diff.changes else f"{diff.summary()}：与台账一致，没有可导入的修改。",
                   choices=tuple(diff.changes), notes=tuple(str(p) for p in diff.problems))


def _workbook_apply(window, ledger_id: int, path: Path, _today: date, chosen: tuple):
    from desktop.services import roundtrip

    return window.perform(lambda s: roundtrip.apply(s, ledger_id, chosen, file_name=path.name),
                          label="正在导入修改…", long=True)


def _workbook_done(window, changes) -> None:
    window.statusBar().showMessage(f"已导入：{changes.label}（可用 Ctrl+Z 撤销）", 8000)


def _workbook_kind() -> ImportKind:
    return ImportKind(WORKBOOK, "导入修改过的进度表",
                      "按隐藏的“标识”列逐项对照本台账，列出表中改过的进度、落实结果、不适用理由、责任科室、责任人、"
                      "完成时限、备注和指标完成值；勾选的修改作为一步写入（导出后在本机改过的字段不会被表中的旧值改回）",
                      "本台账导出的 Excel 进度表（含“任务清单”工作表及其隐藏的标识列），可在 WPS 或 Excel 中修改后保存；"
                      "其他台账或其他年度的进度表会被拒绝。",
                      _workbook_check, _workbook_apply, _workbook_done)


KINDS = {kind.key: kind for kind in (
    _workbook_kind(),
    _register_kind(rules.OFFICER, "名"), _register_kind(rules.ADVISER, "名"), _register_kind(rules.CASE, "件"),
    _template_kind(),
)}
