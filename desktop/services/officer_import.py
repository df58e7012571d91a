"""执法人员名册 from an Excel sheet: the officers' case of services/register_import (kept for the officers'
page button, `fazhi import officers` and their tests)."""

from datetime import date
from pathlib import Path

from desktop.domain import columns as schema  # noqa: F401  (its tests reach the schema through here)
from desktop.domain import registers as rules
from desktop.services import register_import
from desktop.store.operations import Changes
from desktop.store.store import Store


def read_rows(path: Path | str) -> list[tuple[int, dict]]:
    """(sheet row number, field values) of every non-empty row; UserError when the file cannot be read or
    a needed header is missing."""
    return register_import.read_rows(rules.OFFICER, path).rows


def import_officers(store: Store, ledger_id: int, path: Path | str, *, today: date | None = None) -> Changes:
    """Add every row of the sheet to the unit's roster in one operation; .result is how many. Nothing is
    added when any row is bad (UserError with the report)."""
    return register_import.import_file(store, rules.OFFICER, ledger_id, path, today=today)
