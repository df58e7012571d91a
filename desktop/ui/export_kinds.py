"""What each export of the 导出 menu writes, holds and counts (the dialog is ui/export_dialog). Each service loads
when its export is first asked for; counts run on a worker, from one snapshot."""

from collections.abc import Callable
from dataclasses import dataclass

from desktop.domain import registers as rules
from desktop.ui import file_dialogs

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
               "工作表：封面（含填报人、审核人）、汇总、同比（有上一年度台账时）、任务清单、佐证材料目录、未完成事项、指标完成情况，以及各专项台账（合法性审查、执法案件、法律顾问、"
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
