"""Cleaning of user text before it is stored or exported."""

import re

# C0 controls except tab/newline/CR, DEL, C1 controls, lone surrogates and non-characters: Word pastes
# some of them, and none may appear in the XML of an xlsx file. Also the direction overrides and isolates:
# "\u202e" turns the rest of a title, in the window and the workbook, backwards. And the invisible ones
# (zero-width space/joiners, word joiner, BOM, soft hyphen): "张\u200b三" would be a second 张三 in a roster.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060"
                      "\u2066-\u2069\ud800-\udfff\ufeff\ufffe\uffff]")
FORMULA_PREFIXES = ("=", "+", "-", "@")
EXCEL_CELL_LIMIT = 32767


def clean_text(value: str | None, *, single_line: bool = False) -> str:
    """Strip control characters and surrounding blanks; fold newlines when single_line."""
    if not value:
        return ""
    text = _CONTROL.sub("", str(value))
    if single_line:
        text = " ".join(text.split())
    return text.strip()


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)
