"""`fazhi import officers --year Y FILE.xlsx`: the 执法人员 roster from an Excel sheet (services/officer_import);
`fazhi import workbook --year Y FILE.xlsx [--apply]`: an edited progress workbook (services/roundtrip);
`fazhi import template FILE.xlsx`: a district's checklist (services/template_xlsx)."""

from pathlib import Path


def add_parsers(commands, ledger_options) -> None:
    imports = commands.add_parser("import", help="从 Excel 导入：执法人员名册", description="从 Excel 文件导入数据。")
    what = imports.add_subparsers(dest="import_command", title="子命令", metavar="子命令", required=True)
    officers = what.add_parser("officers", help="导入执法人员名册",
                               description="从 Excel 文件导入执法人员（表头：姓名、执法证号、所在科室、证件有效期）；"
                                           "任何一行有问题时不导入，并列出有问题的行。")
    ledger_options(officers)
    officers.add_argument("file", type=Path, metavar="文件", help="Excel 文件（.xlsx）")
    workbook = what.add_parser("workbook", help="导入他人修改过的进度表（任务清单）",
                               description="读取本程序导出、经 Excel/WPS 修改过的进度表，按条目列出修改；"
                                           "加 --apply 时全部写入台账（一次可撤销的操作，写入前自动备份）。")
    ledger_options(workbook)
    workbook.add_argument("file", type=Path, metavar="文件", help="进度表（.xlsx）")
    workbook.add_argument("--apply", action="store_true", help="写入列出的修改（默认只列出，不修改）")
    template = what.add_parser("template", help="导入区（县）下发的 Excel 任务清单，作为清单模板",
                               description="导入区（县）按 docs/template-xlsx.md 格式下发的任务清单（.xlsx）；"
                                           "任何一行有问题时不导入，并列出有问题的行和列。导入后新建台账时可选用。")
    template.add_argument("file", type=Path, metavar="文件", help="任务清单（.xlsx）")


def run(store, args, find_ledger) -> int:
    from desktop.services import officer_import

    if args.import_command == "template":
        return _template(store, args)
    ledger = find_ledger(store, args)
    if args.import_command == "workbook":
        return _workbook(store, ledger, args)
    changes = officer_import.import_officers(store, ledger.id, args.file)
    print(f"已导入执法人员 {changes.result} 名到 {ledger.unit_name} 的名册（{ledger.year} 年度台账）。")
    return 0


def _workbook(store, ledger, args) -> int:
    from desktop.services import roundtrip

    diff = roundtrip.read(store, ledger.id, args.file)
    print(diff.summary())
    for change in diff.changes:
        print(f"  {change}")
    for problem in diff.problems:
        print(f"  无法读取：{problem}")
    if args.apply and diff.changes:
        changes = roundtrip.apply(store, ledger.id, diff.changes, file_name=args.file.name)
        print(f"已写入{ledger.label}：{changes.label}。")
    elif diff.changes:
        print("以上修改尚未写入；确认无误后加 --apply 写入。")
    return 0


def _template(store, args) -> int:
    from desktop.services import template_xlsx

    template_id = template_xlsx.import_template(store, args.file)
    print(f"已安装清单模板：{template_xlsx.summary(template_xlsx.check_file(args.file))}（编号 {template_id}）。"
          "新建年度台账时可选用。")
    return 0
