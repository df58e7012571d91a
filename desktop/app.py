"""Entry point: `fazhi` starts the window; sub-commands work without it."""

import argparse
import sys
from datetime import date
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.paths import DataDir, default_data_dir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description="法治政府建设台账")
    parser.add_argument("--data-dir", type=Path, help="数据目录（默认：用户主目录下的“法治政府建设台账”）")
    parser.add_argument("--self-test", action="store_true", help="自检：建立临时台账、导出并读回，失败时返回非零")
    commands = parser.add_subparsers(dest="command")
    demo = commands.add_parser("demo", help="建立带示例佐证的演示台账")
    demo.add_argument("--year", type=int, default=date.today().year)
    commands.add_parser("check", help="检查数据库和附件文件的完整性")
    export = commands.add_parser("export", help="导出")
    export.add_argument("format", choices=["xlsx"])
    export.add_argument("--year", type=int, required=True)
    export.add_argument("--unit", help="单位名称（只有一个单位时可省略）")
    export.add_argument("--out", type=Path, required=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from desktop.services import self_test

        return 0 if self_test.run() else 1
    data_dir = DataDir(args.data_dir or default_data_dir())
    if args.command is None:
        from desktop.ui.application import run_gui

        return run_gui(data_dir)
    try:
        return _run_command(args, data_dir)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


def _run_command(args, data_dir: DataDir) -> int:
    from desktop.store.store import Store

    with Store(data_dir) as store:
        if args.command == "demo":
            from desktop.services import demo

            ledger_id = demo.create_demo_ledger(store, demo.DEMO_UNIT, args.year)
            print(f"已建立演示台账（编号 {ledger_id}）：{demo.DEMO_UNIT} {args.year} 年度，数据目录 {data_dir.root}")
            return 0
        if args.command == "check":
            from desktop.services import integrity

            report = integrity.check(store)
            print(report.text())
            return 0 if report.ok else 1
        if args.command == "export":
            return _export(store, args)
    return 2


def _export(store, args) -> int:
    from desktop.services import export_xlsx, ledgers

    matches = [lg for lg in ledgers.list_ledgers(store) if lg.year == args.year
               and (args.unit is None or lg.unit_name == args.unit)]
    if not matches:
        raise UserError(f"没有找到 {args.year} 年度台账。")
    if len(matches) > 1:
        names = "、".join(lg.unit_name for lg in matches)
        raise UserError(f"{args.year} 年度有多个单位的台账（{names}），请用 --unit 指定。")

    def progress(done, total):
        print(f"\r导出中… {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    export_xlsx.export_progress_workbook(store, matches[0].id, args.out, progress=progress)
    print(f"已导出：{args.out}")
    return 0
