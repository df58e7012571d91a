"""`fazhi import officers|advisers|cases --year Y FILE.xlsx`: 执法人员, 法律顾问 or 执法案件 from an Excel sheet
(services/register_import);
`fazhi import workbook --year Y FILE.xlsx [--apply]`: an edited progress workbook (services/roundtrip);
`fazhi import template FILE.xlsx`: a district's checklist (services/template_xlsx)."""

from pathlib import Path


def add_parsers(commands, ledger_options) -> None:
    imports = commands.add_parser("import", help="从 Excel 导入：执法人员、法律顾问、执法案件、修改过的进度表、区县任务清单",
                                  description="从 Excel 文件导入数据。")
    what = imports.add_subparsers(dest="import_command", title="子命令", metavar="子命令", required=True)
    _register_parsers(what, ledger_options)
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


# subcommand → (register entity, help, its header)
REGISTERS = {"officers": ("enforcement_officer", "导入执法人员名册", "姓名必填，执法证号、所在科室、证件有效期可选"),
             "advisers": ("adviser", "导入法律顾问名册", "与本程序导出的“法律顾问名册”工作表相同"),
             "cases": ("enforcement_case", "导入行政执法案件", "与本程序导出的“行政执法案件台账”工作表相同")}


def _register_parsers(what, ledger_options) -> None:
    for command, (_entity, help_text, header) in REGISTERS.items():
        parser = what.add_parser(command, help=help_text, description=(
            f"从 Excel 文件{help_text}：第 1 行为表头（各列的中文名称，{header}），顺序不限；"
            "写入前自动备份，一次可撤销；任何一行有问题时不导入，并列出有问题的行。"))
        ledger_options(parser)
        parser.add_argument("file", type=Path, metavar="文件", help="Excel 文件（.xlsx）")


def run(store, args, find_ledger) -> int:
    if args.import_command == "template":
        return _template(store, args)
    ledger = find_ledger(store, args)
    if args.import_command == "workbook":
        return _workbook(store, ledger, args)
    return _register(store, ledger, args)


def _register(store, ledger, args) -> int:
    from desktop.services import register_import

    entity = REGISTERS[args.import_command][0]
    changes = register_import.import_file(store, entity, ledger.id, args.file)
    print(f"已{changes.label}到{ledger.label}。")
    return 0


def _workbook(store, ledger, args) -> int:
    from desktop.services import roundtrip

    diff = roundtrip.read(store, ledger.id, args.file)
    print(diff.summary())
    for change in diff.changes:
        print(f"  {change}")
    for problem in diff.problems:
        print(f"  不会导入：{problem}")
    if args.apply and diff.changes:
        changes = roundtrip.apply(store, ledger.id, diff.changes, file_name=args.file.name)
        print(f"已写入{ledger.label}：{changes.label}。")
    elif diff.changes:
        print("以上修改尚未写入；确认无误后加 --apply 写入。")
    return 1 if diff.problems else 0  # some cells were not taken: the officer should look


def _template(store, args) -> int:
    from desktop.services import template_xlsx

    template_id = template_xlsx.import_template(store, args.file)
    print(f"已安装清单模板：{template_xlsx.summary(template_xlsx.check_file(args.file))}（编号 {template_id}）。"
          "新建年度台账时可选用。")
    return 0
