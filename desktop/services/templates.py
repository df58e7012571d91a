"""Loading and validating checklist templates (YAML, format documented in docs/template-format.md)."""

from pathlib import Path

from desktop.domain.enums import APPLICABILITY, EVIDENCE_KINDS, LEVEL_CHILD, LEVEL_ITEM, LEVEL_PART
from desktop.domain.errors import TemplateError
from desktop.domain.models import Indicator, Template, TemplateNode
from desktop.paths import resource_path
from desktop.store import templates_repo

FORMAT = "fazhi-checklist"
FORMAT_VERSION = 1
BUILTIN_FILE = "gangyao_2021_2025_township.yaml"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
_LEVELS = (LEVEL_PART, LEVEL_ITEM, LEVEL_CHILD)


def builtin_template_path() -> Path:
    return resource_path("templates", BUILTIN_FILE)


def load_template(path: Path | str) -> Template:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"无法读取清单模板文件 {path.name}：{exc.strerror or exc}") from exc
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"清单模板文件 {path.name} 过大（超过 5 MB），已拒绝。")
    import yaml  # only when a template is loaded: keeps it out of start-up

    try:
        data = yaml.safe_load(raw.decode("utf-8"))
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
    nodes = tuple(_parse_node(p, 0, None, seen, fail) for p in parts)
    return Template(key=str(data["key"]), version=str(data["version"]), name=str(data["name"]),
                    source=str(data.get("source", "")), parts=nodes, content_sha256=sha)


def _parse_node(raw, depth: int, parent_code: str | None, seen: set[str], fail) -> TemplateNode:
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
    children = tuple(_parse_node(c, depth + 1, code, seen, fail) for c in children_raw) \
        if level != LEVEL_CHILD else ()
    return TemplateNode(level=level, code=code, title=title, obligation=str(raw.get("obligation") or ""),
                        basis=str(raw.get("basis") or ""), evidence_kinds=tuple(kinds),
                        applicability=applicability, note=str(raw.get("note") or ""), weight=float(weight),
                        indicators=indicators, children=children)


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


def install_builtin(db) -> int:
    return install(db, load_template(builtin_template_path()))


def describe(store, template_id: int) -> str:
    """A template as the officer names it: 名称（版本 …）."""
    row = next((t for t in templates_repo.list_templates(store.db) if t["id"] == template_id), None)
    return f"{row['name']}（版本 {row['version']}）" if row else "未知"
