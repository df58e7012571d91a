"""Where an export may be written: a file, never the program's own data. Inside the data folder only its
exports/ folder takes exports — anywhere else there (the database and its side files, the stored attachments,
the backups, the logs) an export would replace what an officer cannot get back."""

from pathlib import Path

from desktop.domain.errors import UserError


def checked(store, target: Path | str) -> Path:
    """The target as given, or UserError in Chinese when an export must not be written there."""
    if str(target).strip() == "":
        raise UserError("请给出导出文件的名称。")
    target = Path(target)
    if target.is_dir():
        raise UserError(f"“{target}”是一个文件夹，请给出导出文件的名称。")
    where = target.resolve()
    root, exports = store.data.root.resolve(), store.data.exports.resolve()
    if where.is_relative_to(root) and not where.is_relative_to(exports):
        raise UserError(f"不能导出到程序的数据文件夹（{root}）中：那里保存着数据库、附件和备份，"
                        f"导出文件会覆盖它们。请另选位置，例如 {exports}。")
    return target
