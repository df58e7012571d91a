"""导出 → every export through one dialog: what the file will hold (counted from the ledger on a worker), where
it goes (the folder last used for that export, 浏览…), 导出 / 取消; then the file is written off the GUI thread
with progress and 取消, and the finished file is offered to open (or its folder)."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from desktop.domain import registers as rules
from desktop.ui import file_dialogs
from desktop.ui.messages import confirm, show_error, warn

OPEN_FILE, OPEN_FOLDER = "打开文件", "打开所在文件夹"
XLSX, DOCX, ZIP = ("Excel 工作簿 (*.xlsx)", ".xlsx"), ("Word 文档 (*.docx)", ".docx"), ("zip 压缩包 (*.zip)", ".zip")


@dataclass(frozen=True)
class ExportKind:
    key: str  # its remembered folder: export_<key>
    what: str  # 佐证材料包
    action: str  # the window's attribute holding its menu action
    holds: str  # what the file holds, in a sentence or two
    file_type: tuple[str, str]  # (name filter, suffix)
    service: Callable  # () -> (default_name(ledger), write(store, ledger_id, path, progress, cancel, today))
    counts: Callable  # (snapshot) -> str: how much, counted on a worker
    note: Callable = lambda _result: ""  # beside the finished file (files missing from a binder)

    @property
    def purpose(self) -> str:
        return f"{file_dialogs.EXPORT}_{self.key}"

    @property
    def title(self) -> str:
        """导出佐证材料包, 导出 Excel 进度表 (a space before a Latin word)."""
        return f"导出{' ' if self.what[0].isascii() else ''}{self.what}"


def _workbook():
    from desktop.services import export_xlsx  # each service loads when its export is first asked for

    return export_xlsx.default_file_name, export_xlsx.export_progress_workbook


def _binder():
    from desktop.services import binder

    return binder.default_file_name, binder.export_binder


def _report():
    from desktop.services import report_docx

    return report_docx.default_file_name, report_docx.export_report


def _statistics():
    from desktop.services import register_export

    return register_export.statistics_file_name, register_export.export_enforcement_statistics


def _workbook_counts(snap) -> str:
    return (f"条目 {len(snap.checklist())} 项（已完成 {snap.overall.done} 项），佐证材料 {len(snap.evidence)} 条，"
            f"专项台账登记 {snap.row_count()} 条。")


def _binder_counts(snap) -> str:
    from desktop.services.binder_layout import place

    placed = place(snap)
    folders = len({p.path.split("/")[0] for p in placed})
    size = file_dialogs.size_text(sum(p.file.size for p in placed))
    return f"{folders} 个条目文件夹，{len(placed)} 个文件，共 {size}（未压缩）。"


def _report_counts(snap) -> str:
    from desktop.services import report_texts

    written = sorted({section for section, _part in snap.report_texts})
    named = "、".join(report_texts.section_label(s)[:3] for s in written)
    return f"已自行撰写文字的部分：{named}。" if written else "尚未撰写任何文字（编辑 → 编辑年度报告文字…）。"


def _statistics_counts(snap) -> str:
    cases = snap.entries(rules.CASE)
    return f"执法案件 {len(cases)} 件，其中重大执法决定 {sum(1 for c in cases if c.record.is_major)} 件。"


def _missing_files_note(result) -> str:
    problems = getattr(result, "problems", ())
    if not problems:
        return ""
    return "\n\n以下文件在数据目录中缺失或已改变，已在“佐证材料目录”中注明：\n" + "\n".join(p.text for p in problems[:10])


KINDS = {kind.key: kind for kind in (
    ExportKind("workbook", "Excel 进度表", "action_export",
               "工作表：汇总、任务清单、佐证材料目录、未完成事项、指标完成情况，以及各专项台账（合法性审查、执法案件、法律顾问、"
               "学法培训、复议应诉信访公开、普法活动等）。", XLSX, _workbook, _workbook_counts),
    ExportKind("binder", "佐证材料包", "action_binder",
               "每个有佐证的条目一个文件夹（如“5.6.2 重大执法决定法制审核”），文件以“形成日期_标题”命名；最上层是"
               "Excel 进度表、佐证材料目录.xlsx 和校验文件 SHA256SUMS.txt。", ZIP, _binder, _binder_counts,
               _missing_files_note),
    ExportKind("report", "年度报告草稿", "action_report",
               "法治政府建设年度报告草稿（Word），按督察工作规定第二十五条分五个部分：\n（一）主要举措和成效\n"
               "（二）存在的不足和原因\n（三）党政主要负责人履行推进法治建设第一责任人职责情况\n（四）下一年度主要安排\n"
               "（五）其他需要报告的情况\n自动生成的段落为蓝色，请逐句核对。", DOCX, _report, _report_counts),
    ExportKind("statistics", "行政执法统计年报", "action_statistics",
               "按执法类别统计案件数、重大执法决定法制审核、公示、执法全过程记录，并逐件列出案件的“三项制度”落实情况。",
               XLSX, _statistics, _statistics_counts),
)}


def export(window, key: str, target: Path | None = None) -> None:
    """The dialog, then the file (target given: straight to the file, as the tests and scripts ask)."""
    if window.view is None:
        return
    kind = KINDS[key]
    default_name, write = kind.service()
    if target is None:
        window.last_dialog = dialog = ExportDialog(window, kind, default_name(window.view.ledger))
        if not dialog.exec():
            return
        target = dialog.target()
    _run(window, kind, write, target)


def _run(window, kind: ExportKind, write, target: Path) -> None:
    """Off the GUI thread with progress and 取消; an interrupted export leaves no file (the services write
    atomically). Only this export's own action waits meanwhile."""
    ledger_id, today = window.view.ledger.id, window.today  # the export's date, as the window has it
    action = getattr(window, kind.action)

    def work(store, progress, cancel):
        from desktop.services import integrity

        progress(0, 1)  # the progress dialog's 300 ms start from its first value, not Qt's default 4 s
        integrity.require_sound_database(store)  # nothing is exported from damaged data
        return write(store, ledger_id, target, progress=progress, cancel=cancel, today=today)

    def done(result):
        action.setEnabled(True)
        window.last_export = target
        window.statusBar().showMessage(f"已导出：{target}", 8000)
        offer_to_open(window, "导出完成", f"{kind.what}已保存到：\n{target}{kind.note(result)}", target)

    def failed(exc):
        action.setEnabled(True)
        show_error(window, exc, "导出失败")

    def cancelled():
        action.setEnabled(True)
        window.statusBar().showMessage("已取消导出，未生成文件", 6000)

    action.setEnabled(False)
    window.runner.run_with_store(window.store, work, label=f"正在{kind.title}…", parent=window, on_success=done,
                                 on_failure=failed, on_cancel=cancelled)


class ExportDialog(QDialog):
    def __init__(self, window, kind: ExportKind, file_name: str):
        super().__init__(window)
        self.kind = kind
        self.setWindowTitle(kind.title)
        self.setMinimumWidth(780)
        self.counts = QLabel("正在统计…", wordWrap=True)
        holds = QLabel(kind.holds, wordWrap=True)
        folder = file_dialogs.start_folder(kind.purpose, file_dialogs.start_folder(file_dialogs.EXPORT,
                                                                                   window.store.data.exports))
        self.path = QLineEdit(str(folder / file_name))
        self.browse_button = QPushButton("浏览…")
        self.browse_button.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("年度台账：", QLabel(window.view.ledger.label))
        form.addRow("文件内容：", holds)
        form.addRow("现有内容：", self.counts)
        form.addRow("保存到：", where)
        self.error = QLabel(wordWrap=True, styleSheet="color: #b00020;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.export_button = buttons.button(QDialogButtonBox.Ok)
        self.export_button.setText("导出")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._count(window)

    def _count(self, window) -> None:
        """How much the file will hold, read on a worker: the dialog is there at once."""
        ledger_id, today, counts = window.view.ledger.id, window.today, self.kind.counts

        def work(store, _progress, _cancel):
            from desktop.services import snapshot

            return counts(snapshot.take(store, ledger_id, today))

        window.runner.run_with_store(window.store, work, label="正在统计…", parent=self, quiet=True,
                                     on_success=lambda text: self._show_counts(text),
                                     on_failure=lambda exc: self._show_counts(f"未能统计：{exc}"))

    def _show_counts(self, text: str) -> None:
        try:
            self.counts.setText(text)
        except RuntimeError:  # the dialog was closed before the count came
            pass

    def target(self) -> Path:
        """The chosen path, with the export's suffix."""
        chosen = Path(self.path.text().strip())
        suffix = self.kind.file_type[1]
        return chosen if chosen.suffix.lower() == suffix else chosen.with_name(chosen.name + suffix)

    def browse(self) -> None:
        current = self.target()
        chosen = file_dialogs.save_file(self, self.kind.purpose, self.kind.title, current.name,
                                        self.kind.file_type[0], fallback=current.parent)
        if chosen is not None:
            self.path.setText(str(chosen))

    def accept(self) -> None:
        target = self.target()
        if not self.path.text().strip() or not target.parent.is_dir():
            self._refuse(f"文件夹不存在：{target.parent}。请点“浏览…”选择保存位置。")
            return
        if target.exists() and not confirm(self, "文件已存在", f"{target.name} 已存在，要替换它吗？", yes="替换"):
            return
        file_dialogs.remember(self.kind.purpose, target.parent)
        file_dialogs.remember(file_dialogs.EXPORT, target.parent)  # where a first export of another kind starts
        super().accept()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def offer_to_open(window, title: str, text: str, path: Path) -> str | None:
    """The finished file, with 打开文件 and 打开所在文件夹 (and 关闭). Returns the button pressed."""
    box = QMessageBox(QMessageBox.Information, title, text, QMessageBox.NoButton, window)
    open_file = box.addButton(OPEN_FILE, QMessageBox.AcceptRole)
    open_folder = box.addButton(OPEN_FOLDER, QMessageBox.ActionRole)
    close = box.addButton("关闭", QMessageBox.RejectRole)
    box.setDefaultButton(close)  # Enter only closes: opening starts another program
    window.last_dialog = box
    box.exec()
    if box.clickedButton() is open_file:
        if not open_with_system(path):  # no program for .xlsx: say so, and show where it is
            warn(window, "无法打开文件", f"系统中没有能打开此类文件的程序（例如 WPS 或 Excel）。\n文件在：{path}")
            open_with_system(path.parent)
        return OPEN_FILE
    if box.clickedButton() is open_folder:
        if not open_with_system(path.parent):
            warn(window, "无法打开文件夹", f"系统没有能打开文件夹的程序。文件在：\n{path}")
        return OPEN_FOLDER
    return None


def open_with_system(path: Path) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
