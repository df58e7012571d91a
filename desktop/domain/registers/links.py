"""Which checklist items an entry proves by default (the officer may change its links): the rules of the
ledger's template (`rules.default_links`, docs/template-format.md) read through the template's node keys."""

from desktop.domain.template_rules import TemplateRules


def default_item_codes(rules: TemplateRules, code_of_key: dict[str, str], entity: str,
                       values: dict) -> tuple[str, ...]:
    """Item codes an entry proves by default, in rule order, each once; keys the template lacks skipped.
    A template without default_links gives none."""
    codes = (code_of_key.get(k) for k in rules.default_item_keys(entity, values))
    return tuple(dict.fromkeys(c for c in codes if c))
