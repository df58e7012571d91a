"""The command line in Chinese, argparse's own words too. argparse marks every text of its own for gettext
(the Python docs' "How to translate the argparse output"); the catalogue is here in code rather than in a
.mo file, because gettext picks a .mo by the LANG/LANGUAGE variables, which a Chinese Windows does not set."""

import argparse
import gettext
import sys

ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "the following arguments are required: %s": "缺少必填的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多只能有一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出一个",
    "ignored explicit argument %r": "多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r（可用：%(choices)s）",
}


class _Catalogue(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return ARGPARSE_ZH.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def install() -> None:
    """argparse looks its texts up through its module's gettext functions at the moment it writes them."""
    catalogue = _Catalogue()
    argparse._ = catalogue.gettext
    argparse.ngettext = catalogue.ngettext


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose mistakes are told in Chinese with the way to the help, exit code 2."""

    def __init__(self, *args, **kwargs):
        install()
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n查看用法：{self.prog} -h\n")


def year(text: str) -> int:
    """--year: a four-digit year, told in Chinese when it is not one."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年度，请写四位数字，例如 2025") from None
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"年度 {value} 不在 2000 至 2100 之间")
    return value
