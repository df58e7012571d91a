"""The built-in checklists checked against the texts they cite (issue 11 §5): every item cites a 纲要
section or a named statute, the outline's 35 sections but （二） are covered, the 2026 version has no stale
year text, and every code, key and rule resolves."""

import re

import pytest

from desktop.services import templates

BOTH = templates.BUILTIN_FILES
DIGITS = "一二三四五六七八九"


def numeral(n: int) -> str:
    """（一）…（三十五）: the outline's section numbers."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else DIGITS[tens - 1]) + "十" if tens else "") + (DIGITS[ones - 1] if ones else "")


# 纲要 section → one item that carries it (（二）主要原则 is principles, rightly without an item)
SECTION_ITEMS = {1: "1.1", 3: "1.2", 4: "2.1", 5: "2.3", 6: "2.8", 7: "3.1", 8: "3.1", 9: "3.2", 10: "4.1",
                 11: "4.3", 12: "4.7", 13: "5.1", 14: "5.5", 15: "5.6", 16: "5.14", 17: "6.1", 18: "6.3",
                 19: "6.6", 20: "7.1", 21: "7.2", 22: "7.3", 23: "7.4", 24: "8.1", 25: "8.3", 26: "8.4", 27: "8.8",
                 28: "8.11", 29: "9.1", 30: "9.3", 31: "9.4", 32: "10.1", 33: "10.3", 34: "10.7", 35: "10.16"}
STATUTE = re.compile(r"《[^》]*(法|条例|规定|意见|纲要|规划)[^》]*》|国办发〔\d{4}〕\d+号")
STALE = ("对照到2025年", "2021年底前", "2023年底前建成", "2024年底前基本建成", "2025年前")


def nodes(file_name):
    return [n for n in templates.builtin(file_name).walk() if n.level != "part"]


@pytest.mark.parametrize("file_name", BOTH)
def test_every_item_cites_an_outline_section_or_a_named_statute(file_name):
    uncited = [n.code for n in nodes(file_name) if n.level == "item" and not STATUTE.search(n.basis)]
    assert uncited == []


@pytest.mark.parametrize("file_name", BOTH)
def test_every_section_of_the_outline_but_the_principles_is_covered(file_name):
    by_code = {n.code: n for n in nodes(file_name)}
    assert sorted(SECTION_ITEMS) == [n for n in range(1, 36) if n != 2]
    for section, code in SECTION_ITEMS.items():
        assert f"（{numeral(section)}）" in by_code[code].basis, (section, code)


def test_the_2026_version_has_no_stale_year_text():
    template = templates.builtin("township_2026.yaml")
    texts = [f"{n.code} {n.title} {n.obligation} {n.note}" for n in template.walk()]
    assert [t for t in texts if any(s in t for s in STALE)] == []


def test_the_2026_version_keeps_the_keys_of_continuing_items_and_adds_the_new_instruments():
    old = {n.key: n for n in templates.builtin(BOTH[0]).walk()}
    new = {n.key: n for n in templates.builtin(BOTH[1]).walk()}
    assert set(old) <= set(new)
    assert all(new[k].code == old[k].code for k in old)
    added = {k: new[k] for k in set(new) - set(old)}
    assert sorted(added) == ["2.10", "2.11", "2.12", "2.13", "8.12", "8.13", "8.14"]
    assert all("履行职责事项清单" in added[k].basis for k in ("2.10", "2.11", "2.12", "2.13"))
    assert all("行政执法监督条例" in added[k].basis for k in ("8.12", "8.13", "8.14"))
    assert "2026年2月1日起施行" in added["8.12"].basis  # verified: 国务院令第825号


@pytest.mark.parametrize("file_name", BOTH)
def test_codes_keys_and_rules_resolve(file_name):
    template = templates.builtin(file_name)
    all_nodes = list(template.walk())
    assert len({n.code for n in all_nodes}) == len({n.key for n in all_nodes}) == len(all_nodes)
    by_key = {n.key: n for n in all_nodes}
    rules = template.rules
    assert rules.default_links and rules.counted_indicators and len(rules.statutory_dates) == 3
    assert rules.item_keys() <= set(by_key)
    for rule in rules.counted_indicators:
        assert rule.indicator in {i.key for i in by_key[rule.item].indicators}
    for rule in rules.statutory_dates:
        assert rule.basis and (rule.indicator is None or rule.indicator in {i.key for i in by_key[rule.item].indicators})


# --- the corrections of issue 11 §1, each by its article ------------------------------------------------

def node(code, file_name=BOTH[0]):
    return next(n for n in templates.builtin(file_name).walk() if n.code == code)


@pytest.mark.parametrize("file_name", BOTH)
def test_reconsideration_reply_is_ten_working_days_by_art_88(file_name):
    n = node("7.3", file_name)
    assert "10个工作日" in n.obligation and "第88条第2款" in n.basis and "自然日" not in n.note


@pytest.mark.parametrize("file_name", BOTH)
def test_petitions_cite_art_23_for_the_township_and_art_34_only_for_art_31_matters(file_name):
    n = node("7.5", file_name)
    assert "第23条第3款" in n.basis and "第22" not in n.basis.replace("第22条规定", "")
    assert "5个工作日" in n.obligation and "第31条第（六）项" in n.obligation


@pytest.mark.parametrize("file_name", BOTH)
def test_post_evaluation_is_discretionary_art_36_and_no_change_without_procedure_art_37(file_name):
    n = node("4.8", file_name)
    assert "第36条" in n.basis and "第37条" in n.basis and "可以" in n.obligation


@pytest.mark.parametrize("file_name", BOTH)
def test_decision_procedure_and_its_legality_review_agree_by_art_42(file_name):
    assert node("4.3", file_name).applicability == node("3.7.5", file_name).applicability
    assert "第42条" in node("4.3", file_name).note and "第42条" in node("3.7.5", file_name).note


@pytest.mark.parametrize("file_name", BOTH)
def test_meeting_study_has_no_invented_target_and_names_the_township_meeting(file_name):
    """督察规定 Art.8(七): 常务会议定期学法; the 2 is 法治专题讲座; 地方组织法 Art.77–78: 镇长负责制."""
    n = node("10.10", file_name)
    meeting = next(i for i in n.indicators if i.key == "exec_meeting_study")
    assert meeting.target is None and "镇长办公会" in n.obligation and "第77、78条" in n.basis


@pytest.mark.parametrize("file_name", BOTH)
def test_decision_list_is_optional_by_art_3_unless_the_province_says_so(file_name):
    n = node("4.4", file_name)
    assert "可以" in n.obligation and "省" in n.note


@pytest.mark.parametrize("code", ["5.9", "5.10", "5.15", "6.7"])
def test_county_duties_say_what_the_townships_part_is(code):
    assert "乡镇的部分" in node(code).note


@pytest.mark.parametrize("code", ["5.12", "5.6.3"])
def test_penalty_law_days_are_working_days_by_art_85(code):
    n = node(code)
    assert "第85条" in n.note and "工作日" in n.note and "85" in n.basis


@pytest.mark.parametrize("code", ["3.4", "3.5"])
def test_filing_and_cleanup_cite_where_their_extra_duties_come_from(code):
    n = node(code)
    assert "督察规定" in n.basis or "《法治政府建设与责任落实督察工作规定》" in n.basis
    assert n.note
