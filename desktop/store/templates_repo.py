"""Checklist templates as stored rows (nodes with their keys, the declared rules as JSON, the years)."""

import json

from desktop.domain.models import Template, TemplateNode
from desktop.store.connection import Database, now_text


def find(db: Database, key: str, version: str) -> int | None:
    row = db.execute("SELECT id FROM template WHERE key = ? AND version = ?", [key, version]).fetchone()
    return row[0] if row else None


def years_text(template: Template) -> str:
    """'2021-2025', '2026-' (open end), '' (no years declared)."""
    if template.first_year is None and template.last_year is None:
        return ""
    return f"{template.first_year or ''}-{template.last_year or ''}"


def save(db: Database, template: Template) -> int:
    """Store a template once per (key, version); return its id. Not a user operation: templates are not
    logged (a ledger made from one is)."""
    with db.write():  # looked up inside the write: of two programs installing it at once, one inserts
        existing = find(db, template.key, template.version)
        if existing:
            return existing
        template_id = db.table("template").insert({
            "key": template.key, "version": template.version, "name": template.name,
            "source": template.source, "content_sha256": template.content_sha256, "loaded_at": now_text(),
            "rules": template.rules.to_json(), "years": years_text(template),
        }).last_pk
        rows: list[dict] = []
        for part in template.parts:
            _node_rows(template_id, part, rows)
        _insert_tree(db, rows)
    return template_id


def _node_rows(template_id: int, node: TemplateNode, rows: list[dict], parent: int | None = None) -> None:
    """Rows in display order; parent = index of the parent row (ids are known only after inserting)."""
    index = len(rows)
    rows.append({"template_id": template_id, "parent": parent, "level": node.level, "code": node.code,
                 "key": node.key or node.code, "title": node.title, "obligation": node.obligation,
                 "basis": node.basis, "evidence_kinds": json.dumps(list(node.evidence_kinds), ensure_ascii=False),
                 "applicability": node.applicability, "note": node.note, "weight": node.weight,
                 "indicators": json.dumps([i.__dict__ for i in node.indicators], ensure_ascii=False),
                 "sort_order": index})
    for child in node.children:
        _node_rows(template_id, child, rows, index)


def _insert_tree(db: Database, rows: list[dict]) -> None:
    table = db.table("template_node")
    ids: list[int] = []
    for row in rows:
        parent = row.pop("parent")
        ids.append(table.insert({**row, "parent_id": ids[parent] if parent is not None else None}).last_pk)


def list_templates(db: Database) -> list[dict]:
    return list(db.query("SELECT id, key, version, name, years FROM template ORDER BY id"))


def get(db: Database, template_id: int) -> dict | None:
    """id, key, version, name, source, years, rules (the stored JSON text), content_sha256."""
    return next(db.query("SELECT id, key, version, name, source, years, rules, content_sha256 FROM template "
                         "WHERE id = ?",
                         [template_id]), None)


def template_of_ledger(db: Database, ledger_id: int) -> int | None:
    row = db.execute("SELECT template_id FROM ledger WHERE id = ?", [ledger_id]).fetchone()
    return row[0] if row else None


def node_keys(db: Database, template_id: int) -> dict[str, tuple[str, list[dict]]]:
    """node key → (code, indicators as stored) for every node of the template."""
    return {key: (code, json.loads(indicators)) for key, code, indicators in db.execute(
        "SELECT key, code, indicators FROM template_node WHERE template_id = ?", [template_id]).fetchall()}


def nodes(db: Database, template_id: int) -> list[dict]:
    return list(db.query(
        "SELECT * FROM template_node WHERE template_id = ? ORDER BY sort_order", [template_id]))
