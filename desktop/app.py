"""Entry point: `fazhi` starts the window; sub-commands work without it."""

import argparse
import gc
import sys
from datetime import date
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.paths import DataDir, default_data_dir
from desktop.services import app_log


def global_options(add_help: bool = False) -> argparse.ArgumentParser:
    from desktop.cli_zh import ChineseParser

    parser = ChineseParser(prog="fazhi", description="法治政府建设台账。不带命令时打开程序窗口。", add_help=add_help)
    parser.add_argument("--data-dir", type=Path, metavar="文件夹",
                        help="数据目录（默认：用户主目录下的“法治政府建设台账”）")
    parser.add_argument("--self-test", action="store_true", help="自检：建立临时台账、导出并读回，再在 offscreen 平台打开主窗口，失败时返回非零")
    return parser


def _ledger_options(sub: argparse.ArgumentParser) -> None:
    from desktop.cli_zh import year

    sub.add_argument("--year", type=year, required=True, metavar="年度", help="台账年度，例如 2025")
    sub.add_argument("--unit", metavar="单位名称", help="单位名称（只有一个单位时可省略）")


def build_parser() -> argparse.ArgumentParser:
    from desktop.cli_zh import year

    parser = global_options(add_help=True)
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令",
                                     help="以下命令不打开窗口；“fazhi 命令 -h”显示该命令的用法")
    demo = commands.add_parser("demo", help="建立带示例佐证的演示台账", description="建立带示例佐证的演示台账。")
    demo.add_argument("--year", type=year, default=date.today().year, metavar="年度",
                      help="演示台账的年度（默认：今年）")
    demo.add_argument("--add-to-real-data", action="store_true",
                      help="数据目录中已有正式台账时也加入演示台账（通常应改用 --data-dir 指定单独的文件夹）")
    commands.add_parser("check", help="检查数据库和附件文件的完整性", description="检查数据库和附件文件的完整性。")
    export = commands.add_parser("export", help="导出年度台账、年度报告草稿、佐证材料包或执法统计年报",
                                 description="导出年度台账（Excel 进度表）、年度报告草稿（Word）、佐证材料包（zip）或行政执法统计年报。")
    export.add_argument("format", choices=list(EXPORTS), metavar="格式",
                        help="导出内容：xlsx（进度表）、report（年度报告草稿 .docx）、binder（佐证材料包 .zip）、"
                             "enforcement-stats（行政执法统计年报 .xlsx）")
    _ledger_options(export)
    export.add_argument("--out", type=Path, required=True, metavar="文件", help="导出到这个文件，例如 D:\\台账.xlsx")
    backup = commands.add_parser("backup", help="立即备份数据库（经完整性检查）",
                                 description="立即备份数据库（经完整性检查）。")
    backup.add_argument("--to", type=Path, metavar="文件夹",
                        help="备份到这个文件夹（默认：数据目录下的 backups 及设置的备份文件夹）")
    backup.add_argument("--list", action="store_true", help="列出已有的备份")
    restore = commands.add_parser("restore", help="从备份文件恢复数据库（先自动备份当前数据）",
                                  description="从备份文件恢复数据库（先自动备份当前数据）。")
    restore.add_argument("file", type=Path, metavar="备份文件", help="要恢复的备份文件（.sqlite）")
    lock = commands.add_parser("lock", help="报送锁定年度台账（先备份，并保存进度表快照和封存校验值）",
                               description="报送锁定年度台账（先备份，并保存进度表快照和封存校验值）。")
    unlock = commands.add_parser("unlock", help="解除年度台账的锁定（须填写理由）",
                                 description="解除年度台账的锁定（须填写理由）。")
    for sub in (lock, unlock):
        _ledger_options(sub)
    unlock.add_argument("--reason", required=True, metavar="理由", help="解除锁定的理由")
    from desktop import cli_templates

    cli_templates.add_parsers(commands)
    from desktop import cli_import

    cli_import.add_parsers(commands, _ledger_options)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl+C: what was committed stays; no traceback
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not a refusal: the traceback goes to the log, one Chinese line here
        print(f"错误：{app_log.unexpected_text(app_log.log_unexpected(exc))}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # starting the window needs only the global options; the sub-commands' parsers (about 5 ms) are built
    # when a command, -h or a mistake is given
    args, rest = global_options().parse_known_args(argv)
    args.command = None
    if rest:
        args = build_parser().parse_args(argv)
    if args.self_test:
        from desktop.services import self_test
        from desktop.ui import self_test_window

        return 0 if self_test.run(more_steps=self_test_window.STEPS) else 1
    try:
        data_dir = DataDir(args.data_dir or default_data_dir())
    except UserError as exc:  # a portable program in a folder that cannot be written
        return _cannot_start(exc, window=args.command is None)
    app_log.configure(data_dir.root)
    if args.command is None:
        # start-up allocates some hundred thousand objects that all live on: collecting them again and again
        # costs ~10 ms of the first paint. run_gui turns the collector back on after the first paint.
        gc.disable()
        from desktop.ui.application import run_gui

        return run_gui(data_dir)
    try:
        return app_log.logged_command(args.command, data_dir.root, lambda: _run_command(args, data_dir))
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


def _cannot_start(exc: UserError, window: bool) -> int:
    print(f"错误：{exc}", file=sys.stderr)
    if window:  # a windowed build has no console: the officer reads it in a message box
        from desktop.ui.application import create_app
        from desktop.ui.messages import show_error

        create_app()
        show_error(None, exc, "无法启动")
    return 2


def _run_command(args, data_dir: DataDir) -> int:
    """A full disk, a read-only or missing folder, a file in place of the data folder: one Chinese sentence
    (a UserError, exit code 2); anything else is a fault of the program and goes on up."""
    import sqlite3

    from desktop.store.failures import failure_text

    try:
        return _dispatch(args, data_dir)
    except (OSError, sqlite3.Error) as exc:
        text = failure_text(exc, data_dir.root)
        if text is None:
            raise
        raise UserError(text) from exc


def _dispatch(args, data_dir: DataDir) -> int:
    from desktop.services.instance_lock import network_location_warning
    from desktop.store.store import DamagedDatabaseError, Store

    warning = network_location_warning(data_dir.root)
    if warning:
        print(f"警告：{warning}", file=sys.stderr)
    if args.command == "restore":
        return _restore(data_dir, args.file)
    try:
        store = Store(data_dir)
    except DamagedDatabaseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        _offer_backup(data_dir)
        return 2
    with store:
        if args.command == "demo":
            return _demo(store, args)
        if args.command == "check":
            from desktop.services import integrity

            report = integrity.check(store)
            print(report.text())
            return 0 if report.ok else 1
        if args.command == "export":
            return _export(store, args)
        if args.command == "backup":
            return _backup(store, args)
        if args.command in ("lock", "unlock"):
            return _lock(store, args)
        if args.command == "import":
            from desktop import cli_import

            return cli_import.run(store, args, _find_ledger)
        if args.command in ("ledger", "templates"):
            from desktop import cli_templates

            return cli_templates.run(store, args)
    return 2


def _demo(store, args) -> int:
    from desktop.services import demo

    real = demo.real_ledgers(store)
    if real and not args.add_to_real_data:
        names = "、".join(lg.label for lg in real[:3]) + ("等" if len(real) > 3 else "")
        raise UserError(f"数据目录 {store.data.root} 中已有正式台账（{names}），演示台账没有加进去，以免与正式数据混在一起。"
                        f"请用 --data-dir 指定一个单独的文件夹，例如：fazhi --data-dir \"{store.data.root}-演示\" demo。"
                        f"确需加入时，请加上 --add-to-real-data。")
    ledger_id = demo.create_demo_ledger(store, demo.DEMO_UNIT, args.year).result
    print(f"已建立演示台账（编号 {ledger_id}）：{demo.DEMO_UNIT} {args.year} 年度，数据目录 {store.data.root}")
    return 0


def _offer_backup(data_dir: DataDir) -> None:
    from desktop.services import backup

    good = backup.newest_good_backup(data_dir.backups)
    if good:
        print(f"最近一份完好的备份：{good.path}（{good.created:%Y-%m-%d %H:%M}，{good.holds_text}）\n"
              f"恢复命令：fazhi --data-dir \"{data_dir.root}\" restore \"{good.path}\"", file=sys.stderr)


def _find_ledger(store, args):
    from desktop.services import ledgers

    matches = [lg for lg in ledgers.list_ledgers(store) if lg.year == args.year
               and (args.unit is None or lg.unit_name == args.unit)]
    if not matches:
        raise UserError(f"没有找到 {args.year} 年度台账。")
    if len(matches) > 1:
        names = "、".join(lg.unit_name for lg in matches)
        raise UserError(f"{args.year} 年度有多个单位的台账（{names}），请用 --unit 指定。")
    return matches[0]


def _backup(store, args) -> int:
    from desktop.services import backup

    if args.list:
        for info in backup.list_backups(store):
            print(f"{info.created:%Y-%m-%d %H:%M:%S}  {info.reason}  {info.size / 1048576:.1f} MB  {info.path}\n"
                  f"    {info.holds_text}")
        return 0
    info = backup.make_backup(store, "手动", folder=args.to)
    print(f"已备份（已通过完整性检查）：{info.path}\n  {info.holds_text}")
    for copy in info.copies:
        print(f"  另存一份：{copy}")
    for warning in info.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    return 0


def _restore(data_dir: DataDir, file: Path) -> int:
    from desktop.services import restore

    report = restore.restore(data_dir, file)
    print(report.text())
    return 0


def _lock(store, args) -> int:
    from desktop.services import locking

    ledger = _find_ledger(store, args)
    if args.command == "unlock":
        locking.unlock_year(store, ledger.id, args.reason)
        print(f"已解除锁定：{ledger.label}（理由：{args.reason}）")
        return 0
    result = locking.lock_year(store, ledger.id).result
    print(f"已报送锁定：{ledger.label}\n  锁定前备份：{result.backup}\n  进度表快照：{result.snapshot}\n"
          f"  内容校验值（SHA-256）：{result.content_sha256}")
    return 0


# export format → (service module, function): the services take (store, ledger_id, out, progress=…)
EXPORTS = {"xlsx": ("export_xlsx", "export_progress_workbook"), "report": ("report_docx", "export_report"),
           "binder": ("binder", "export_binder"),
           "enforcement-stats": ("register_export", "export_enforcement_statistics")}


def _export(store, args) -> int:
    import importlib

    from desktop.services import integrity

    ledger = _find_ledger(store, args)
    integrity.require_sound_database(store)

    open_line = []  # a progress line not yet ended: an error must not be printed onto it

    def progress(done, total):
        open_line[:] = [done < total]
        print(f"\r导出中… {done * 100 // max(total, 1)}%", end="" if done < total else "\n", file=sys.stderr,
              flush=True)

    module, function = EXPORTS[args.format]
    service = getattr(importlib.import_module(f"desktop.services.{module}"), function)
    try:
        result = service(store, ledger.id, args.out, progress=progress)
    finally:
        if any(open_line):
            print(file=sys.stderr)
    print(f"已导出：{args.out}")
    for problem in getattr(result, "problems", ()):  # the binder: files missing from the store
        print(f"警告：{problem.text}", file=sys.stderr)
    return 1 if getattr(result, "problems", ()) else 0
