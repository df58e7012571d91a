"""The officer's own text of the annual report, per section (and per part of the outline), kept in the
database: each save is one operation (undoable, in the change log); the report draft places it."""

from desktop.domain.errors import UserError
from desktop.domain.text import clean_text
from desktop.services import ledgers
from desktop.store import operations, report_texts_repo
from desktop.store.connection import now_text
from desktop.store.operations import Changes
from desktop.store.store import Store

# 《法治政府建设与责任落实督察工作规定》第25条: the five parts every annual report has
SECTIONS = (("1", "主要举措和成效"), ("2", "存在的不足和原因"),
            ("3", "党政主要负责人履行推进法治建设第一责任人职责情况"), ("4", "下一年度主要安排"),
            ("5", "其他需要报告的情况"))
SECTION_TITLES = dict(SECTIONS)
NUMERALS = "一二三四五六七八九十"
TEXT_LIMIT = 20000


def section_label(section: str) -> str:
    """（一）主要举措和成效: as the Article names it."""
    return f"（{NUMERALS[int(section) - 1]}）{SECTION_TITLES[section]}"


def get_texts(store: Store, ledger_id: int) -> dict[tuple[str, str], str]:
    """Every text of the ledger: (section, part code or "") → text."""
    return report_texts_repo.all_texts(store.db, ledger_id)


def set_text(store: Store, ledger_id: int, section: str, part_code: str, text: str) -> Changes:
    """Save one text (empty: the text goes); one operation. Saving the same text again changes nothing."""
    if section not in SECTION_TITLES:
        raise UserError(f"年度报告没有第 {section} 部分。")
    text = clean_text(text or "").strip()
    if len(text) > TEXT_LIMIT:
        raise UserError(f"文字过长（{len(text)} 字），每段最多 {TEXT_LIMIT} 字。")
    ledgers.ensure_writable(store, ledger_id)
    where = f"“{section_label(section)}”" + (f"第 {part_code} 部分" if part_code else "")
    label = f"修改年度报告{where}的文字" if text else f"删除年度报告{where}的文字"

    def action(op):
        db = store.db
        row_id = report_texts_repo.find_id(db, ledger_id, section, part_code)
        if row_id is None:
            if text:
                return op.insert("report_text", {"ledger_id": ledger_id, "section": section,
                                                 "part_code": part_code, "text": text, "updated_at": now_text()})
            return None
        if not text:
            op.delete("report_text", row_id)
        elif report_texts_repo.current_text(db, row_id) != text:
            op.update("report_text", row_id, {"text": text, "updated_at": now_text()})
        return row_id

    return operations.run(store.db, label, action, ledger_id)
