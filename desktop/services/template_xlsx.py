"""A district's own checklist as a template, from an .xlsx (docs/template-xlsx.md): sheet 模板信息 (name,
version, years) and sheet 任务清单 (one row per part, item or sub-item, the level read from the code). Read
through the guard, every row checked and every problem reported by row and column; then the same dict a YAML
template gives goes through templates.parse_template, so the structure is validated in one place. Nothing is
installed when anything is wrong."""

import hashlib
import json
import re
from pathlib import Path

from desktop.domain.enums import APPLICABILITY, EVIDENCE_KINDS
from desktop.domain.errors import TemplateError, UserError
from desktop.domain.models import Template
from desktop.domain.text import clean_text
from desktop.services import templates, xlsx_guard

INFO_SHEET, ITEMS_SHEET = "模板信息", "任务清单"
INFO_FIELDS = {"模板名称": "name", "版本": "version", "模板标识": "key", "起始年度": "first", "截止年度": "last",
               "来源": "source"}
COLUMNS = {"编码": "code", "标题": "title", "工作要求": "obligation", "依据": "basis",
           "佐证材料类型": "evidence_kinds", "适用性": "applicability", "说明": "note", "指标名称": "indicator",
           "指标单位": "unit", "年度目标": "target", "键": "key"}
REQUIRED = ("编码", "标题")
LIMITS = {"title": 200, "obligation": 2000, "basis": 1000, "note": 1000, "indicator": 100, "unit": 20, "key": 60}
CODE = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}$")
KIND_SEPARATORS = re.compile(r"[、，,；;\s]+")  # not "/": 会议纪要/记录 is one type
MAX_ROWS = 3000
INFO_ROWS = 1000  # 模板信息 holds a few label/value pairs
ROW_NUMBER = re.compile(r"第 (\d+) 行")
MAX_REPORTED = 30


def check_file(path: Path | str) -> Template:
    """The template the file describes; UserError listing every bad row and cell. Writes nothing."""
    path = Path(path)
    with xlsx_guard.open_workbook(path) as book:
        _check_sheets(book, path)
        problems: list[str] = []
        info = _info(list(xlsx_guard.rows_of(book[INFO_SHEET], path, last=INFO_ROWS, columns=2)), problems)
        parts = _parts(*_items(book[ITEMS_SHEET], path, problems), problems)
    problems += _merged(path)
    problems.sort(key=_row_of)  # in the order of the sheet, as the officer corrects them
    if problems:
        shown = problems[:MAX_REPORTED]
        more = f"\n……另有 {len(problems) - MAX_REPORTED} 处问题。" if len(problems) > MAX_REPORTED else ""
        raise UserError(f"没有导入清单模板：{len(problems)} 处问题，请改正后重新导入。\n" + "\n".join(shown) + more)
    data = {"format": templates.FORMAT, "format_version": templates.FORMAT_VERSION, **info, "parts": parts}
    sha = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    try:  # the content's checksum, not the file's: the same checklist saved again is the same template
        return templates.parse_template(data, path.name, sha)
    except TemplateError as exc:
        raise UserError(f"没有导入清单模板：{exc}") from None


def _check_sheets(book, path: Path) -> None:
    """Both sheets there and visible (a hidden sheet is never read: its rows are out of the officer's sight)."""
    missing = [n for n in (INFO_SHEET, ITEMS_SHEET) if n not in book.sheetnames]
    if missing:
        raise UserError(f"不能导入 {path.name}：没有“{'”“'.join(missing)}”工作表。格式见 docs/template-xlsx.md，"
                        "或以内置的“区县任务清单示例.xlsx”为底稿修改。")
    hidden = [n for n in (INFO_SHEET, ITEMS_SHEET) if not xlsx_guard.visible(book[n])]
    if hidden:
        raise UserError(f"不能导入 {path.name}：“{'”“'.join(hidden)}”工作表是隐藏的，隐藏的工作表不读取。"
                        "请在 Excel/WPS 中取消隐藏后再导入。")


def summary(template: Template) -> str:
    nodes = list(template.walk())
    items = [n for n in nodes if n.level != "part"]
    indicators = sum(len(n.indicators) for n in nodes)
    return (f"{template.name}（版本 {template.version}，{templates.years_label(template.first_year, template.last_year)}）："
            f"{len(template.parts)} 个部分，{len(items)} 项任务，{indicators} 个指标")


def import_template(store, path: Path | str) -> int:
    """Install the file's checklist (a backup first, as before every import); its id. The same name and version
    installed with other content is refused; the same content again gives the installed one."""
    template = check_file(path)
    from desktop.store import templates_repo

    existing = templates_repo.find(store.db, template.key, template.version)
    if existing is not None:
        if templates_repo.get(store.db, existing).get("content_sha256") == template.content_sha256:
            return existing
        raise UserError(f"已经安装了“{template.name}”版本 {template.version}，内容与本文件不同。"
                        "如清单有修改，请在“模板信息”中改用新的版本号后重新导入。")
    from desktop.services import backup

    backup.make_backup(store, "导入前")
    return templates.install(store.db, template)


# ----- 模板信息
def _info(rows: list[tuple], problems: list[str]) -> dict:
    found: dict[str, object] = {}
    for number, row in enumerate(rows, start=1):
        label = _text(row[0]) if row else ""
        if label in INFO_FIELDS:
            found[INFO_FIELDS[label]] = (number, row[1] if len(row) > 1 else None)
    info: dict[str, object] = {}
    for label, name in INFO_FIELDS.items():
        number, value = found.get(name, (None, None))
        where = f"“{INFO_SHEET}”第 {number} 行" if number else f"“{INFO_SHEET}”表"
        if name in ("first", "last"):
            year = _year(value)
            if year is False:
                problems.append(f"{where}“{label}”：应为 2000 至 2100 之间的年份，例如 2026。")
            elif year is not None:
                info.setdefault("years", {})[name] = year
            continue
        text = _text(value)
        if not text and name in ("name", "version"):
            problems.append(f"{where}：缺少“{label}”（A 列写“{label}”，B 列写内容）。")
        if text:
            info[name] = text
    info.setdefault("key", f"xlsx-{info.get('name', '')}")  # a district's checklist is named by its title
    return info


def _year(value):
    """The year, None when empty, False when not a year."""
    if value in (None, ""):
        return None
    text = _text(value).removesuffix("年")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else False


# ----- 任务清单
def _items(sheet, path: Path, problems: list[str]) -> tuple[dict, object]:
    """(header label → column index, the rows below the header): only the header's columns, at most MAX_ROWS
    rows (a sheet with content further down is refused before its rows are read); no rows when the header
    is wrong."""
    head = xlsx_guard.head_of(sheet, path, 1)
    if not head:
        problems.append(f"“{ITEMS_SHEET}”表是空的。")
        return {}, ()
    where = {_text(h): i for i, h in enumerate(head[0]) if _text(h) in COLUMNS}
    missing = [label for label in REQUIRED if label not in where]
    if missing:
        problems.append(f"“{ITEMS_SHEET}”第 1 行没有“{'”“'.join(missing)}”列。"
                        f"表头应为：{'、'.join(COLUMNS)}（编码、标题必填，其余可选）。")
        return {}, ()
    return where, xlsx_guard.rows_of(sheet, path, first=2, last=MAX_ROWS + 1, columns=max(where.values()) + 1)


def _parts(where: dict, rows, problems: list[str]) -> list[dict]:
    nodes: dict[str, dict] = {}
    parts: list[dict] = []
    last: dict | None = None
    failed: set[str] = set()  # codes of rows reported bad: their children are not reported again
    for number, row in enumerate(rows, start=2):
        cells = {COLUMNS[label]: (row[i] if i < len(row) else None) for label, i in where.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        node = _node(number, cells, problems)
        if node is None:
            failed.add(_text(cells.get("code")).rstrip("."))
            continue
        if node.get("continued"):  # a row of one more indicator for the row above
            if last is None or node["code"] != last["code"]:
                problems.append(f"第 {number} 行：只填了指标而没有标题，但编码与上一行不同（续行须与上一行编码相同）。")
            else:
                last.setdefault("indicators", []).extend(node["indicators"])
            continue
        code = node["code"]
        if code in nodes:
            problems.append(f"第 {number} 行“编码”：{code} 与第 {nodes[code]['row']} 行重复。")
            continue
        parent_code = code.rpartition(".")[0]
        if parent_code and parent_code not in nodes:
            if parent_code in failed:  # its parent's row is reported already
                failed.add(code)
                continue
            problems.append(f"第 {number} 行“编码”：{code} 的上级 {parent_code} 不在它之前的行中。")
            continue
        nodes[code] = node
        last = node
        if parent_code:
            nodes[parent_code].setdefault("items" if "." not in parent_code else "children", []).append(node)
        else:
            parts.append(node)
    for node in nodes.values():
        if "." not in node["code"] and not node.get("items"):
            problems.append(f"第 {node['row']} 行：部分 {node['code']} 下没有任务（其下应有 {node['code']}.1 等行）。")
    return [_strip(p) for p in parts]


def _node(number: int, cells: dict, problems: list[str]) -> dict | None:
    before = len(problems)

    def bad(label: str, why: str) -> None:
        problems.append(f"第 {number} 行“{label}”：{why}")

    code = _text(cells.get("code")).rstrip(".")
    title = _text(cells.get("title"))
    if not code:
        bad("编码", "不能为空。")
    elif not CODE.match(code):
        bad("编码", f"“{code}”不是有效的编码（例如 3、3.1、3.1.2，最多三级）。")
    for name, limit in LIMITS.items():
        if len(_text(cells.get(name))) > limit:
            bad(_label(name), f"超过 {limit} 个字。")
    indicator = _indicator(cells, bad)
    if not title:
        if indicator and code:
            return {"code": code, "continued": True, "indicators": [indicator]} if len(problems) == before else None
        bad("标题", "不能为空。")
    kinds = [k for k in KIND_SEPARATORS.split(_text(cells.get("evidence_kinds"))) if k]
    unknown = [k for k in kinds if k not in EVIDENCE_KINDS]
    if unknown:
        bad("佐证材料类型", f"“{'、'.join(unknown)}”不是可选的类型；可选：{'、'.join(EVIDENCE_KINDS)}。")
    applicability = _text(cells.get("applicability")) or APPLICABILITY[0]
    if applicability not in APPLICABILITY:
        bad("适用性", f"应为{'、'.join(APPLICABILITY)}之一。")
    if len(problems) > before:
        return None
    node = {"row": number, "code": code, "title": title, "evidence_kinds": kinds, "applicability": applicability,
            **{n: _text(cells.get(n)) for n in ("obligation", "basis", "note", "key") if _text(cells.get(n))}}
    if indicator:
        node["indicators"] = [indicator]
    return node


def _indicator(cells: dict, bad) -> dict | None:
    name, unit, target = _text(cells.get("indicator")), _text(cells.get("unit")), cells.get("target")
    if not name:
        if unit or _text(target):
            bad("指标名称", "填了指标单位或年度目标，但没有指标名称。")
        return None
    indicator = {"name": name, "unit": unit}
    if _text(target):
        try:
            indicator["target"] = float(_text(target)) if not isinstance(target, (int, float)) else float(target)
        except ValueError:
            bad("年度目标", f"“{_text(target)}”不是数字（单位请写在“指标单位”列）。")
            return None
        if isinstance(target, bool) or not 0 <= indicator["target"] <= 1_000_000:
            bad("年度目标", "应为 0 至 1000000 之间的数字。")
            return None
    return indicator


def _strip(node: dict) -> dict:
    """The YAML node: the row number dropped, indicators keyed by their position (指标1, 指标2, …)."""
    out = {k: v for k, v in node.items() if k not in ("row", "items", "children", "indicators")}
    if node.get("indicators"):
        out["indicators"] = [{"key": f"指标{n}", **i} for n, i in enumerate(node["indicators"], start=1)]
    for child_key in ("items", "children"):
        if node.get(child_key):
            out[child_key] = [_strip(c) for c in node[child_key]]
    return out


def _merged(path: Path) -> list[str]:
    """A merged cell cannot say which row it belongs to: each is reported (the header row excepted)."""
    from desktop.services import xlsx_merges

    return [f"第 {top} 行起合并的单元格：请取消合并，每行分别填写。"
            for _c, top, _c2, _bottom in xlsx_merges.merged_ranges(path, ITEMS_SHEET) if top > 1]


def _row_of(problem: str) -> int:
    """A problem's row in 任务清单 (0 for the 模板信息 sheet's)."""
    found = ROW_NUMBER.match(problem)
    return int(found.group(1)) if found else 0


def _label(name: str) -> str:
    return next(label for label, n in COLUMNS.items() if n == name)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value), single_line=True).strip()
