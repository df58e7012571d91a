"""Backups, restore and 报送锁定 from the window. Long steps run off the GUI thread on their own connection."""

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.domain.errors import UserError
from desktop.services import backup, locking, restore
from desktop.ui import file_dialogs
from desktop.ui.messages import confirm, inform, show_error
from desktop.ui.rows_model import RowsModel

HEADERS = ("备份时间", "原因", "大小", "内容", "位置")


class RestoreDialog(QDialog):
    """The backups with date, size and what they hold; 恢复 picks one, 其他文件… any backup file."""

    def __init__(self, parent, backups: list[backup.BackupInfo]):
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        self.resize(980, 420)
        self.backups = list(backups)
        self.chosen: Path | None = None
        self.model = RowsModel(HEADERS, [(b.created.strftime("%Y-%m-%d %H:%M"), b.reason, file_dialogs.size_text(b.size),
                                          b.holds_text, str(b.path.parent)) for b in self.backups])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((130, 70, 80, 430)):
            self.table.setColumnWidth(column, width)
        if self.backups:
            self.table.selectRow(0)
        self.restore_button = QPushButton("恢复所选备份")
        self.restore_button.setEnabled(bool(self.backups))
        self.restore_button.clicked.connect(self._choose_selected)
        self.other_button = QPushButton("选择其他备份文件…")
        self.other_button.clicked.connect(self._choose_file)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        buttons.addButton(self.restore_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        note = QLabel("恢复前，程序会先把当前数据另存为一份“恢复前备份”，恢复后仍可反悔。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _choose_selected(self):
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.backups):
            self.chosen = self.backups[row].path
            self.accept()

    def _choose_file(self):
        chosen = file_dialogs.open_file(self, file_dialogs.BACKUP_FILE, "选择备份文件",
                                        "数据库备份 (*.sqlite);;所有文件 (*)")
        if chosen is not None:
            self.chosen = chosen
            self.accept()


UNFINISHED_SHOWN = 15


def unfinished_text(items) -> str:
    """The items still not 已完成 (those that count: 条目 as the status bar counts them, applicable), named before locking."""
    from desktop.domain import progress

    open_items = [i for i in items if progress.is_checklist_item(i.level) and progress.is_applicable(i)
                  and not progress.is_done(i)]
    if not open_items:
        return "全部条目均已完成。\n\n"
    lines = [f"{i.code} {i.title}（{i.progress}）" for i in open_items[:UNFINISHED_SHOWN]]
    if len(open_items) > UNFINISHED_SHOWN:
        lines.append(f"……另有 {len(open_items) - UNFINISHED_SHOWN} 项（可用“进度”筛选查看）")
    return f"还有 {len(open_items)} 项未完成：\n" + "\n".join(lines) + "\n\n"


class SafetyActions:
    def __init__(self, window):
        self.window = window

    # ----- backups
    def backup_now(self):
        window = self.window

        def done(info: backup.BackupInfo):
            text = f"备份已保存：\n{info.path}" + "".join(f"\n\n{w}" for w in info.warnings)
            window.statusBar().showMessage(f"已备份：{info.path.name}", 8000)
            inform(window, "备份完成", text)

        window.runner.write(window.store, lambda store, _p, _c: backup.make_backup(store, "手动"), quiet=False,
                            label="正在备份…", parent=window, on_success=done,
                            on_failure=lambda exc: show_error(window, exc, "备份失败"))

    def backup_quietly(self, make):
        """The automatic backups (start-up): in the background, reported in the status bar only."""
        window = self.window

        def done(info):
            if info is not None:
                window.statusBar().showMessage(f"已自动备份：{info.path.name}", 6000)

        window.runner.write(window.store, lambda store, _p, _c: make(store), label="正在自动备份…",
                            parent=window, on_success=done, quiet=True,
                            on_failure=lambda exc: window.statusBar().showMessage(f"自动备份未完成：{exc}", 15000))

    def choose_backup_folder(self):
        window = self.window
        folder = file_dialogs.existing_folder(window, file_dialogs.BACKUP_FOLDER,
                                              "选择第二个备份文件夹（另一块硬盘或 U 盘）")
        if folder is None:
            return
        try:
            window.write(lambda s: backup.set_extra_folder(s, folder))
        except Exception as exc:
            show_error(window, exc, "未能设置备份文件夹")
            return
        inform(window, "备份文件夹", f"以后每次备份都会同时保存一份到：\n{folder}")

    # ----- restore
    def restore_dialog(self):
        window = self.window
        dialog = RestoreDialog(window, backup.list_backups(window.store))
        window.last_dialog = dialog
        if not dialog.exec() or dialog.chosen is None:
            return
        if not confirm(window, "从备份恢复", f"确定用备份 {dialog.chosen.name} 替换现在的数据吗？\n"
                       "当前数据会先另存为“恢复前备份”。", yes="恢复"):
            return
        self.restore_from(dialog.chosen)

    def restore_from(self, path: Path):
        """On the writer, with a progress dialog: the backup's integrity check, the safety backup and the
        copy. The window's connection is closed first (the file is replaced) and opened afresh after."""
        window = self.window
        if window.runner.busy:
            show_error(window, UserError("后台任务（导出、备份或检查）尚未完成，请稍后再恢复。"), "暂不能恢复")
            return
        window.store.close()
        try:
            report = window.runner.call(window.store, lambda data: restore.restore(data, path),
                                        label="正在从备份恢复…", parent=window, quiet=False, release=True)
        except Exception as exc:
            window.reopen_store()  # the current data stays as it was
            show_error(window, exc, "未能恢复")
            return
        window.reopen_store()
        inform(window, "恢复完成", report.text())

    # ----- a database found damaged while running
    def recover_from_damage(self, reason: str):
        """The damaged file is renamed, never overwritten; the newest good backup takes its place."""
        window = self.window
        good = backup.newest_good_backup(backup.backup_folders(window.store))
        offer = (f"从最近一份完好的备份（{good.created:%Y-%m-%d %H:%M}，{good.holds_text}）恢复" if good
                 else "改用一个新的空白数据库（没有找到可用的备份）")
        if not confirm(window, "数据库已损坏", f"检查发现数据库已损坏：{reason}\n\n为保护数据，程序不再写入它，"
                       f"会把它改名保存，并{offer}。现在处理吗？", yes="处理"):
            window.set_read_only_because("数据库已损坏，为保护数据暂停修改；请从备份恢复。")
            return
        def work(data):  # on the writer, its own connection closed first
            lines = [f"损坏的数据库已改名保存为：{restore.set_aside(data)}"]
            if good is not None:
                lines.insert(0, restore.restore(data, good.path).text())
            return lines

        window.store.close()
        try:
            lines = window.runner.call(window.store, work, label="正在处理损坏的数据库…", parent=window,
                                       quiet=False, release=True)
        except Exception as exc:
            window.reopen_store()
            show_error(window, exc, "未能处理损坏的数据库")
            return
        window.reopen_store()
        inform(window, "已处理损坏的数据库", "\n".join(lines))

    # ----- 报送锁定
    def lock_year(self):
        window = self.window
        if window.view is None:
            return
        ledger = window.view.ledger
        if not confirm(window, "报送锁定", unfinished_text(window.view.items) + f"锁定{ledger.label}后，台账和"
                       "各专项台账都只能查看、不能修改；程序会先备份，并封存一份进度表快照和内容校验值。\n确定锁定吗？",
                       yes="锁定"):
            return
        ledger_id = ledger.id

        def work(store, progress, cancel):
            return locking.lock_year(store, ledger_id, progress=progress, cancel=cancel)

        def done(changes):
            result: locking.LockResult = changes.result
            window.record(changes)
            inform(window, "已报送锁定", f"{ledger.label}已锁定。\n进度表快照：{result.snapshot}\n"
                   f"内容校验值（SHA-256）：{result.content_sha256}")

        window.runner.write(window.store, work, label="正在锁定并封存…", parent=window, on_success=done,
                            quiet=False, on_failure=lambda exc: show_error(window, exc, "未能锁定"))

    def unlock_year(self):
        window = self.window
        if window.view is None:
            return
        reason, ok = QInputDialog.getText(window, "解除锁定", "解除锁定的理由（将记入修改记录）：")
        if not ok:
            return
        try:
            ledger_id = window.view.ledger.id
            window.perform(lambda s: locking.unlock_year(s, ledger_id, reason))
        except Exception as exc:
            show_error(window, exc, "未能解除锁定")
            return
        window.statusBar().showMessage("已解除锁定", 6000)

    def verify_seal(self):
        window = self.window
        if window.view is not None:
            inform(window, "封存校验", locking.verify_seal(window.store, window.view.ledger.id).text())
