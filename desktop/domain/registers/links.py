"""Which checklist items an entry proves by default (the officer may change its links)."""

from desktop.domain.registers.entries import ADVISER, CASE, OFFICER, REVIEW, SERVICE, TRAINING

# Which checklist items (codes of the built-in template) an entry proves unless the officer changes its
# links. (entity, field, value, codes): value None = every entry, True = the field is filled, else equal.
DEFAULT_ITEM_LINKS = (
    (REVIEW, None, None, ("3.7.8",)),
    (REVIEW, "category", "行政规范性文件", ("3.3", "3.7.4")),
    (REVIEW, "category", "重大行政决策", ("3.7.5", "4.1", "4.3")),
    (REVIEW, "category", "重大执法决定", ("3.7.7", "5.6.10")),
    (REVIEW, "category", "行政协议/合同", ("3.7.6",)),
    (REVIEW, "category", "其他涉法事项", ("3.7",)),
    (CASE, None, None, ("5.6.5",)),
    (CASE, "published_on", True, ("5.6.3",)),
    (CASE, "av_measure", True, ("5.6.6",)),
    (CASE, "is_major", True, ("5.6.10",)),
    (ADVISER, "adviser_type", "政府法律顾问", ("10.14.1",)),
    (ADVISER, "adviser_type", "村(居)法律顾问", ("10.14.4",)),
    (SERVICE, None, None, ("10.14.5",)),
    (SERVICE, "kind", "审核合同", ("10.14.3",)),
    (SERVICE, "kind", "审查文件/决策", ("10.14.2",)),
    (TRAINING, "kind", "党委中心组学法", ("10.10",)),
    (TRAINING, "kind", "政府常务会议学法", ("10.10",)),
    (TRAINING, "kind", "法治专题讲座", ("10.9",)),
    (TRAINING, "kind", "执法人员培训", ("10.13",)),
    (OFFICER, None, None, ("5.7",)),
)


def default_item_codes(entity: str, values: dict) -> tuple[str, ...]:
    """Item codes an entry proves by default (DEFAULT_ITEM_LINKS), in table order, each once."""
    codes: list[str] = []
    for rule_entity, name, expected, rule_codes in DEFAULT_ITEM_LINKS:
        if rule_entity != entity:
            continue
        actual = values.get(name) if name else None
        if name is None or (expected is True and actual) or (expected is not True and actual == expected):
            codes.extend(c for c in rule_codes if c not in codes)
    return tuple(codes)
