"""`fazhi ledger new` and `fazhi templates`: a year ledger from the command line, with the same template
choice as the new-ledger dialog (the built-in version for its year unless --template names another)."""

from pathlib import Path

from desktop.domain.errors import UserError


def add_parsers(commands) -> None:
    from desktop.cli_zh import year

    ledger = commands.add_parser("ledger", help="年度台账：新建", description="年度台账的命令。")
    actions = ledger.add_subparsers(dest="ledger_command", title="子命令", metavar="子命令", required=True)
    new = actions.add_parser("new", help="新建年度台账", description="新建一个年度台账（默认使用适用于该年度的内置清单）。")
    new.add_argument("--unit", required=True, metavar="单位名称", help="单位名称，例如 某某镇人民政府")
    new.add_argument("--year", type=year, required=True, metavar="年度", help="台账年度，例如 2026")
    new.add_argument("--template", metavar="清单",
                     help="改用其他清单：版本号（如 2025.2）、“标识:版本号”，或清单文件（.yaml）的路径；"
                          "可用的清单见 fazhi templates")
    commands.add_parser("templates", help="列出已安装和内置的清单模板（版本、适用年度）",
                        description="列出已安装和内置的清单模板，以及各自的版本和适用年度。")


def run(store, args) -> int:
    if args.command == "templates":
        return _list(store)
    return _new_ledger(store, args)


def _list(store) -> int:
    from desktop.services import templates

    for choice in templates.choices(store):
        where = "已安装" if choice.template_id is not None else "内置，尚未安装"
        builtin = "，内置" if choice.builtin_file and choice.template_id is not None else ""
        print(f"{choice.key}:{choice.version}  {choice.name}\n"
              f"    适用 {templates.years_label(choice.first_year, choice.last_year)}（{where}{builtin}）")
    return 0


def _new_ledger(store, args) -> int:
    from desktop.services import ledgers, templates

    template_id = None
    if args.template:
        template_id = _template_id(store, args.template)
    ledger_id = ledgers.create_ledger(store, args.unit, args.year, template_id).result
    ledger = ledgers.get_ledger(store, ledger_id)
    used = templates.describe(store, ledger.template_id)
    print(f"已新建：{ledger.label}（编号 {ledger_id}），任务清单：{used}")
    row = next(c for c in templates.choices(store) if c.template_id == ledger.template_id)
    if not row.covers(args.year):
        print(f"注意：{args.year} 年度不在该清单的适用年度（{templates.years_label(row.first_year, row.last_year)}）之内。")
    return 0


def _template_id(store, text: str) -> int:
    from desktop.services import templates

    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml"):
        if not path.is_file():
            raise UserError(f"找不到清单文件 {path}。")
        return templates.install(store.db, templates.load_template(path))
    key, _, version = text.rpartition(":")
    found = [c for c in templates.choices(store) if c.version == version and (not key or c.key == key)]
    if not found:
        raise UserError(f"没有版本为“{text}”的清单；可用的清单见 fazhi templates。")
    if len(found) > 1:
        names = "、".join(f"{c.key}:{c.version}" for c in found)
        raise UserError(f"版本“{text}”对应多份清单（{names}），请写成“标识:版本号”。")
    return templates.install_choice(store.db, found[0])
