"""Plain records passed between layers."""

from dataclasses import dataclass, field
from datetime import date

from desktop.domain.template_rules import TemplateRules


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    unit: str
    target: float | None = None


@dataclass(frozen=True)
class TemplateNode:
    level: str
    code: str
    title: str
    obligation: str = ""
    basis: str = ""
    evidence_kinds: tuple[str, ...] = ()
    applicability: str = "适用"
    note: str = ""
    weight: float = 1.0
    indicators: tuple[Indicator, ...] = ()
    children: tuple["TemplateNode", ...] = ()
    key: str = ""  # the same across versions of a template; the code when the file gives none


@dataclass(frozen=True)
class Template:
    key: str
    version: str
    name: str
    source: str
    parts: tuple[TemplateNode, ...]
    content_sha256: str
    rules: TemplateRules = TemplateRules()
    first_year: int | None = None  # the ledger years it is meant for (None: open)
    last_year: int | None = None

    def walk(self):
        """Every node in display order, parents before children."""
        stack = list(reversed(self.parts))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass
class LedgerItem:
    id: int
    ledger_id: int
    parent_id: int | None
    level: str
    code: str
    title: str
    obligation: str
    basis: str
    evidence_kinds: tuple[str, ...]
    applicability: str
    note: str
    indicators: tuple[Indicator, ...]
    progress: str = "未开始"
    result: str = "未评估"
    na_reason: str = ""
    department: str = ""
    owner: str = ""
    due_date: date | None = None
    remark: str = ""
    indicator_values: dict[str, float] = field(default_factory=dict)
    evidence_count: int = 0


@dataclass(frozen=True)
class Ledger:
    id: int
    unit_id: int
    unit_name: str
    year: int
    template_id: int
    template_name: str
    locked_at: str | None = None
    locked_by: str | None = None

    @property
    def label(self) -> str:
        return f"{self.unit_name} {self.year} 年度台账"


@dataclass(frozen=True)
class Attachment:
    id: int
    evidence_id: int
    sha256: str
    original_name: str
    size: int
    media_type: str


@dataclass
class Evidence:
    id: int | None
    ledger_id: int
    formed_on: date
    title: str
    kind: str
    description: str = ""
    item_ids: tuple[int, ...] = ()
    attachments: tuple[Attachment, ...] = ()
