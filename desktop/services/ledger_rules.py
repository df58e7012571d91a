"""The rules of a ledger's template (docs/template-format.md §4), its node keys resolved to the ledger's
item codes: what default links, counted indicators and statutory dates read."""

import json
from dataclasses import dataclass

from desktop.domain.errors import TemplateError
from desktop.domain.template_rules import CountRule, TemplateRules, parse_rules
from desktop.services import templates
from desktop.store import templates_repo


@dataclass(frozen=True)
class LedgerRules:
    """The rules of one ledger's template, with its node keys resolved to the ledger's item codes."""

    rules: TemplateRules
    nodes: dict[str, tuple[str, list[dict]]]  # node key → (code, indicators)

    @property
    def code_of_key(self) -> dict[str, str]:
        return {key: code for key, (code, _) in self.nodes.items()}

    def code(self, key: str) -> str | None:
        node = self.nodes.get(key)
        return node[0] if node else None

    def indicator_name(self, key: str, indicator: str) -> str:
        found = next((i for i in self.nodes.get(key, ("", []))[1] if i["key"] == indicator), None)
        return found["name"] if found else indicator

    def counted(self) -> list[tuple[str, CountRule]]:
        """(item code, rule) of every counted indicator whose item the template has."""
        return [(self.code(r.item), r) for r in self.rules.counted_indicators if self.code(r.item)]


def stored_rules(row: dict) -> TemplateRules:
    """The rules stored with a template row. '{}' is a row stored before templates carried rules (migration
    0004's default): the built-in 2021–2025 checklist was the only template then, so its rules apply."""
    text = (row.get("rules") or "{}").strip()
    if text == "{}":
        legacy = templates.builtin(templates.BUILTIN_FILE)
        return legacy.rules if row.get("key") == legacy.key else TemplateRules()

    def fail(where, field, why):
        raise TemplateError(f"已保存的清单模板 {row.get('name')} 的规则有误：{where}的“{field}”{why}。")

    return parse_rules(json.loads(text), fail)


def of_ledger(store, ledger_id: int) -> LedgerRules:
    template_id = templates_repo.template_of_ledger(store.db, ledger_id)
    row = templates_repo.get(store.db, template_id) if template_id is not None else None
    if row is None:
        return LedgerRules(TemplateRules(), {})
    return LedgerRules(stored_rules(row), templates_repo.node_keys(store.db, template_id))
