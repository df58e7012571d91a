"""`fazhi check`: the database structure, its references, every stored file's SHA-256, and the seals of
locked ledgers; plus the check that must pass before a backup or the year-end export."""

import sqlite3
from dataclasses import dataclass, field

from desktop.domain import files as file_rules
from desktop.domain.errors import UserError
from desktop.services import evidence, ledgers, locking
from desktop.store import file_store
from desktop.store.store import Store, foreign_key_problems, integrity_check, quick_check


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    files_checked: int = 0
    notes: list[str] = field(default_factory=list)  # worth saying, not a fault

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        if self.ok:
            lines = [f"检查通过：数据库完整，{self.files_checked} 个附件文件齐全且校验值一致。"]
        else:
            lines = [f"发现 {len(self.problems)} 个问题：", *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines + [f"  · {n}" for n in self.notes])


def check(store: Store, progress=None) -> CheckReport:
    report = CheckReport()
    if store.damage_notice:
        report.problems.append(store.damage_notice)
    for line in integrity_check(store):
        report.problems.append(f"数据库结构损坏：{line}")
    broken_refs = foreign_key_problems(store)
    if broken_refs:
        report.problems.append(f"有 {broken_refs} 条记录引用了不存在的数据")
    _check_files(store, report, progress)
    _sweep_files(store, report)
    _check_names(store, report)
    _check_seals(store, report)
    return report


def _check_names(store: Store, report: CheckReport) -> None:
    """Executables an older version let in (under a disguised name): never opened, worth removing."""
    found = [f"“{title}”的附件“{name}”" for title, name in file_store.attachment_names(store.db)
             if file_rules.is_refused(name)]
    if found:
        report.notes.append(f"有 {len(found)} 个附件是可执行文件或脚本（旧版本未能拦下），程序不会打开它们，"
                            f"建议在佐证材料中移除：{'；'.join(found[:10])}" + ("……" if len(found) > 10 else ""))


def sweep_store(store: Store) -> tuple[int, int]:
    """Files no entry uses (a failed save's copies, one content under a second name) go to the trash;
    returns (moved, younger ones left, as a save in progress may still need them). Files an older version
    named <sha>.exe and the like are renamed first, so nothing in the store is executable by name."""
    file_store.neutralise_names(store.db, store.files)
    return file_store.sweep_unreferenced(store.db, store.files)


def _sweep_files(store: Store, report: CheckReport) -> None:
    try:
        moved, young = sweep_store(store)
    except (OSError, sqlite3.Error) as exc:  # a read-only or full data folder: the check itself goes on
        why = "磁盘空间不足" if evidence.is_disk_full(exc) else "数据文件夹不可写入或被占用"
        report.notes.append(f"附件库中未使用的文件这次未能整理（{why}），下次检查或启动时再试")
        return
    if moved:
        report.notes.append(f"附件库中有 {moved} 个文件没有任何佐证使用（保存失败或复制中断留下），已移到回收站"
                            f"（中断的半截副本直接删除）：{store.files.trash}")
    if young:
        report.notes.append(f"附件库中有 {young} 个刚写入、尚未登记的文件（可能正在保存），本次未处理")


def _check_files(store: Store, report: CheckReport, progress) -> None:
    blobs = file_store.all_blobs(store.db)
    for number, blob in enumerate(blobs, 1):
        problem = _file_problem(store, blob)
        if problem:
            report.problems.append(problem)
        report.files_checked = number
        if progress:
            progress(number, len(blobs))


def _file_problem(store: Store, blob: dict) -> str | None:
    actual = store.files.sha256_of(blob["stored_name"])
    if actual is None:  # gone: unless another program deleted its entry since the rows were read
        blob = file_store.blob_for(store.db, blob["sha256"])
        if blob is None:
            return None
        actual = store.files.sha256_of(blob["stored_name"])
    if actual is None:
        return f"附件文件缺失：{blob['stored_name']}"
    if actual != blob["sha256"]:
        return f"附件文件内容与登记的校验值不一致（可能被改动或损坏）：{blob['stored_name']}"
    return None


def _check_seals(store: Store, report: CheckReport) -> None:
    """A locked ledger whose content no longer matches its seal was changed behind the program's back."""
    for ledger in ledgers.list_ledgers(store):
        if not ledger.locked_at:
            continue
        status = locking.verify_seal(store, ledger.id)
        if status.sealed and not status.intact:
            report.problems.append(f"{ledger.label}在报送锁定后内容被改动（与封存校验值不一致）")
        if status.snapshot_intact is False:
            report.problems.append(f"{ledger.label}锁定时保存的进度表快照缺失或被改动：{status.snapshot}")


def quick_problems(store: Store) -> list[str]:
    """PRAGMA quick_check's findings (empty when sound): what the window runs after its first paint."""
    return quick_check(store)


def require_sound_database(store: Store) -> None:
    """integrity_check before the year-end export (backups check their own copy): a Chinese UserError
    if the database is damaged, so nothing is built on damaged data."""
    problems = integrity_check(store)
    if problems:
        raise UserError("数据库完整性检查未通过，为避免导出错误的数据已停止。请运行“检查数据”，"
                        f"必要时从备份恢复。（{problems[0]}）")
