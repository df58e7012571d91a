"""`fazhi import officers --year Y FILE.xlsx`: the 执法人员 roster from an Excel sheet (services/officer_import)."""

from pathlib import Path


def add_parsers(commands, ledger_options) -> None:
    imports = commands.add_parser("import", help="从 Excel 导入：执法人员名册", description="从 Excel 文件导入数据。")
    what = imports.add_subparsers(dest="import_command", title="子命令", metavar="子命令", required=True)
    officers = what.add_parser("officers", help="导入执法人员名册",
                               description="从 Excel 文件导入执法人员（表头：姓名、执法证号、所在科室、证件有效期）；"
                                           "任何一行有问题时不导入，并列出有问题的行。")
    ledger_options(officers)
    officers.add_argument("file", type=Path, metavar="文件", help="Excel 文件（.xlsx）")


def run(store, args, find_ledger) -> int:
    from desktop.services import officer_import

    ledger = find_ledger(store, args)
    changes = officer_import.import_officers(store, ledger.id, args.file)
    print(f"已导入执法人员 {changes.result} 名到 {ledger.unit_name} 的名册（{ledger.year} 年度台账）。")
    return 0
