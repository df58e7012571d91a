"""Loading and validating checklist templates (YAML, format documented in docs/template-format.md)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.domain.enums import APPLICABILITY, EVIDENCE_KINDS, LEVEL_CHILD, LEVEL_ITEM, LEVEL_PART
from desktop.domain.errors import TemplateError
from desktop.domain.models import Indicator, Template, TemplateNode
from desktop.domain.template_rules import parse_rules
from desktop.paths import resource_path
from desktop.store import failures, templates_repo

FORMAT = "fazhi-checklist"
FORMAT_VERSION = 1
# the built-in versions of the township checklist, oldest first; each file declares its years
BUILTIN_FILES = ("gangyao_2021_2025_township.yaml", "township_2026.yaml")
BUILTIN_FILE = BUILTIN_FILES[0]
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
_LEVELS = (LEVEL_PART, LEVEL_ITEM, LEVEL_CHILD)


def builtin_template_path(file_name: str = BUILTIN_FILE) -> Path:
    return resource_path("templates", file_name)


@cache  # the files ship with the program and never change while it runs
def builtin(file_name: str) -> Template:
    return load_template(builtin_template_path(file_name))


def builtin_for_year(year: int) -> Template:
    """The built-in version meant for a ledger of this year; outside every version's years the nearest
    (the newest one begun by then, else the oldest)."""
    versions = [builtin(f) for f in BUILTIN_FILES]
    covering = [t for t in versions if covers(t.first_year, t.last_year, year)]
    if covering:
        return covering[-1]
    begun = [t for t in versions if t.first_year is None or t.first_year <= year]
    return begun[-1] if begun else versions[0]


def covers(first: int | None, last: int | None, year: int) -> bool:
    return (first is None or first <= year) and (last is None or year <= last)


def years_label(first: int | None, last: int | None) -> str:
    """How the officer reads a template's years: 2021－2025年度, 2026年度起, 未声明适用年度."""
    if first is None and last is None:
        return "未声明适用年度"
    if last is None:
        return f"{first}年度起"
    return f"{first}－{last}年度" if first is not None else f"{last}年度及以前"


def parse_years(text: str) -> tuple[int | None, int | None]:
    """The stored form '2021-2025' / '2026-' / ''."""
    first, _, last = (text or "").partition("-")
    return (int(first) if first.strip() else None, int(last) if last.strip() else None)


def load_template(path: Path | str) -> Template:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"无法读取清单模板文件 {path.name}：{failures.reason(exc)}") from exc
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"清单模板文件 {path.name} 过大（超过 5 MB），已拒绝。")
    import yaml  # only when a template is loaded: keeps it out of start-up

    try:  # libyaml's safe loader when present: the same safe subset, about 5× faster
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TemplateError(f"清单模板文件 {path.name} 不是有效的 UTF-8 YAML 文件：{exc}") from exc
    import hashlib  # OpenSSL loads on the first hash, not at start-up

    return parse_template(data, path.name, hashlib.sha256(raw).hexdigest())


def parse_template(data, file_name: str, sha: str) -> Template:
    def fail(where: str, field: str, why: str):
        raise TemplateError(f"清单模板 {file_name}：{where}的“{field}”字段{why}。")

    if not isinstance(data, dict):
        fail("文件", "根", "必须是键值结构")
    if data.get("format") != FORMAT:
        fail("文件", "format", f"必须是 {FORMAT}")
    if data.get("format_version") != FORMAT_VERSION:
        fail("文件", "format_version", f"必须是 {FORMAT_VERSION}")
    for key in ("key", "name", "version"):
        if not isinstance(data.get(key), (str, int, float)) or not str(data.get(key)).strip():
            fail("文件", key, "缺失或为空")
    parts = data.get("parts")
    if not isinstance(parts, list) or not parts:
        fail("文件", "parts", "缺失或为空")
    seen: set[str] = set()
    keys: set[str] = set()
    nodes = tuple(_parse_node(p, 0, None, seen, keys, fail) for p in parts)
    first, last = _years(data.get("years"), fail)
    template = Template(key=str(data["key"]), version=str(data["version"]), name=str(data["name"]),
                        source=str(data.get("source", "")), parts=nodes, content_sha256=sha,
                        rules=parse_rules(data.get("rules"), fail), first_year=first, last_year=last)
    _check_rule_targets(template, fail)
    return template


def _years(raw, fail) -> tuple[int | None, int | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, dict) or set(raw) - {"first", "last"} or not raw:
        fail("文件", "years", "必须写成 {first: 起始年度, last: 截止年度}（last 可省略，表示此后各年度）")
    first, last = raw.get("first"), raw.get("last")
    if any(y is not None and (not isinstance(y, int) or not 2000 <= y <= 2100) for y in (first, last)):
        fail("文件", "years", "中的年度必须是 2000 至 2100 之间的整数")
    if first is not None and last is not None and first > last:
        fail("文件", "years", "的起始年度晚于截止年度")
    return first, last


def _check_rule_targets(template: Template, fail) -> None:
    """Every rule names a node key of this template, and an indicator that node has."""
    by_key = {n.key: n for n in template.walk()}
    rules = template.rules
    for key in sorted(rules.item_keys() - set(by_key)):
        fail("rules", "item/items", f"引用了不存在的条目 key {key}")
    named = [(r.item, r.indicator, "counted_indicators") for r in rules.counted_indicators]
    named += [(d.item, d.indicator, "statutory_dates") for d in rules.statutory_dates if d.indicator]
    named += [(r.item, key, "rates") for r in rules.rates for key in (r.indicator, r.numerator, r.denominator)]
    for key, indicator, section in named:
        if indicator not in {i.key for i in by_key[key].indicators}:
            fail(f"rules.{section} ", "indicator", f"{indicator} 不是条目 {by_key[key].code} 的指标")


def _parse_node(raw, depth: int, parent_code: str | None, seen: set[str], keys: set[str], fail) -> TemplateNode:
    level = _LEVELS[depth]
    if not isinstance(raw, dict):
        fail(f"{parent_code or '顶层'}下的某一条", "条目", "格式不正确")
    code = str(raw.get("code", "")).strip()
    where = f"条目 {code or '（无编码）'} "
    if not code:
        fail(where, "code", "缺失")
    if code in seen:
        fail(where, "code", "与其他条目重复")
    if parent_code and not code.startswith(parent_code + "."):
        fail(where, "code", f"必须以上级编码 {parent_code}. 开头")
    seen.add(code)
    key = str(raw.get("key") or code).strip()
    if key in keys:
        fail(where, "key", "与其他条目重复")
    keys.add(key)
    title = str(raw.get("title") or "").strip()
    if not title:
        fail(where, "title", "缺失")
    kinds = raw.get("evidence_kinds", []) or []
    if not isinstance(kinds, list) or any(k not in EVIDENCE_KINDS for k in kinds):
        fail(where, "evidence_kinds", f"只能取：{'、'.join(EVIDENCE_KINDS)}")
    applicability = raw.get("applicability", "适用")
    if applicability not in APPLICABILITY:
        fail(where, "applicability", f"只能是：{'、'.join(APPLICABILITY)}")
    weight = raw.get("weight", 1)
    if not isinstance(weight, (int, float)) or weight <= 0:
        fail(where, "weight", "必须是大于 0 的数")
    indicators = tuple(_parse_indicator(i, where, fail) for i in raw.get("indicators", []) or [])
    child_key = "items" if level == LEVEL_PART else "children"
    children_raw = raw.get(child_key, []) or []
    if level == LEVEL_PART and not children_raw:
        fail(where, "items", "缺失或为空")
    if level == LEVEL_CHILD and raw.get("children"):
        fail(where, "children", "超出层级：子项下不能再有子项")
    if not isinstance(children_raw, list):
        fail(where, child_key, "必须是列表")
    children = tuple(_parse_node(c, depth + 1, code, seen, keys, fail) for c in children_raw) \
        if level != LEVEL_CHILD else ()
    return TemplateNode(level=level, code=code, title=title, obligation=str(raw.get("obligation") or ""),
                        basis=str(raw.get("basis") or ""), evidence_kinds=tuple(kinds),
                        applicability=applicability, note=str(raw.get("note") or ""), weight=float(weight),
                        indicators=indicators, children=children, key=key)


def _parse_indicator(raw, where: str, fail) -> Indicator:
    if not isinstance(raw, dict) or not raw.get("key") or not raw.get("name"):
        fail(where, "indicators", "每个指标都需要 key 和 name")
    target = raw.get("target")
    if target is not None and not isinstance(target, (int, float)):
        fail(where, "indicators.target", "必须是数字")
    return Indicator(key=str(raw["key"]), name=str(raw["name"]), unit=str(raw.get("unit") or ""),
                     target=float(target) if target is not None else None)


def install(db, template: Template) -> int:
    return templates_repo.save(db, template)


def install_builtin(db, year: int | None = None) -> int:
    return install(db, builtin(BUILTIN_FILE) if year is None else builtin_for_year(year))


def describe(store, template_id: int) -> str:
    """A template as the officer names it: 名称（版本 …）."""
    row = next((t for t in templates_repo.list_templates(store.db) if t["id"] == template_id), None)
    return f"{row['name']}（版本 {row['version']}）" if row else "未知"


# --- what templates there are ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TemplateChoice:
    """A template the officer may build a ledger from: installed in this database, or built in."""

    name: str
    version: str
    key: str
    first_year: int | None
    last_year: int | None
    template_id: int | None  # None: built in, not installed yet
    builtin_file: str | None  # the built-in file it comes from, if any

    @property
    def label(self) -> str:
        return f"{self.name}（版本 {self.version}，{years_label(self.first_year, self.last_year)}）"

    def covers(self, year: int) -> bool:
        return covers(self.first_year, self.last_year, year)


def choices(store) -> list[TemplateChoice]:
    """Installed templates (oldest first), then the built-in versions not installed yet."""
    files = {(t.key, t.version): f for f in BUILTIN_FILES for t in (builtin(f),)}
    found = [TemplateChoice(r["name"], r["version"], r["key"], *parse_years(r["years"]), r["id"],
                            files.get((r["key"], r["version"]))) for r in templates_repo.list_templates(store.db)]
    installed = {(c.key, c.version) for c in found}
    for (key, version), f in files.items():
        if (key, version) not in installed:
            t = builtin(f)
            found.append(TemplateChoice(t.name, t.version, t.key, t.first_year, t.last_year, None, f))
    return found


def choice_for_year(store, year: int) -> TemplateChoice:
    """What a new ledger of this year is built from unless the officer picks another: the built-in version
    for its year."""
    t = builtin_for_year(year)
    return next(c for c in choices(store) if (c.key, c.version) == (t.key, t.version))


def install_choice(db, choice: TemplateChoice) -> int:
    return choice.template_id if choice.template_id is not None else install(db, builtin(choice.builtin_file))
