"""`fazhi check`: the database structure, its references, and every stored file's SHA-256."""

from dataclasses import dataclass, field

from desktop.store import file_store
from desktop.store.store import Store, foreign_key_problems, integrity_check


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        head = "检查通过：数据库完整，" if self.ok else f"发现 {len(self.problems)} 个问题：\n"
        if self.ok:
            return head + f"{self.files_checked} 个附件文件齐全且校验值一致。"
        return head + "\n".join(f"  - {p}" for p in self.problems)


def check(store: Store, progress=None) -> CheckReport:
    report = CheckReport()
    for line in integrity_check(store):
        report.problems.append(f"数据库结构损坏：{line}")
    broken_refs = foreign_key_problems(store)
    if broken_refs:
        report.problems.append(f"有 {broken_refs} 条记录引用了不存在的数据")
    blobs = file_store.all_blobs(store.db)
    for number, blob in enumerate(blobs, 1):
        actual = store.files.sha256_of(blob["stored_name"])
        if actual is None:
            report.problems.append(f"附件文件缺失：{blob['stored_name']}")
        elif actual != blob["sha256"]:
            report.problems.append(f"附件文件内容与登记的校验值不一致（可能被改动或损坏）：{blob['stored_name']}")
        report.files_checked = number
        if progress:
            progress(number, len(blobs))
    return report
