"""Checklist templates as stored rows."""

import json

from desktop.domain.models import Template, TemplateNode
from desktop.store.connection import Database, now_text


def find(db: Database, key: str, version: str) -> int | None:
    row = db.execute("SELECT id FROM template WHERE key = ? AND version = ?", [key, version]).fetchone()
    return row[0] if row else None


def save(db: Database, template: Template) -> int:
    """Store a template once per (key, version); return its id."""
    existing = find(db, template.key, template.version)
    if existing:
        return existing
    with db.write():  # a template is no officer's data: outside an operation, not logged
        template_id = db.table("template").insert({
            "key": template.key, "version": template.version, "name": template.name,
            "source": template.source, "content_sha256": template.content_sha256, "loaded_at": now_text(),
        }).last_rowid
        order = 0
        for part in template.parts:
            order = _save_node(db, template_id, None, part, order)
    return template_id


def _save_node(db, template_id: int, parent_id: int | None, node: TemplateNode, order: int) -> int:
    node_id = db.table("template_node").insert({
        "template_id": template_id, "parent_id": parent_id, "level": node.level, "code": node.code,
        "title": node.title, "obligation": node.obligation, "basis": node.basis,
        "evidence_kinds": json.dumps(list(node.evidence_kinds), ensure_ascii=False),
        "applicability": node.applicability, "note": node.note, "weight": node.weight,
        "indicators": json.dumps([i.__dict__ for i in node.indicators], ensure_ascii=False),
        "sort_order": order,
    }).last_rowid
    order += 1
    for child in node.children:
        order = _save_node(db, template_id, node_id, child, order)
    return order


def list_templates(db: Database) -> list[dict]:
    return list(db.query("SELECT id, key, version, name FROM template ORDER BY id"))


def nodes(db: Database, template_id: int) -> list[dict]:
    return list(db.query(
        "SELECT * FROM template_node WHERE template_id = ? ORDER BY sort_order", [template_id]))
