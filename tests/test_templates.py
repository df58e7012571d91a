from datetime import date

import pytest
import yaml

from desktop.domain import registers as rules
from desktop.domain.enums import APPLICABILITY, EVIDENCE_KINDS
from desktop.domain.errors import TemplateError
from desktop.services import due, ledgers, register_totals, registers, templates
from tests.conftest import DATA, TODAY, add_entry


def load_dict():
    return yaml.safe_load((DATA / "mini_template.yaml").read_text(encoding="utf-8"))


def write(tmp_path, data, name="区级清单.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_builtin_checklist_covers_the_outline():
    template = templates.load_template(templates.builtin_template_path())
    parts = template.parts
    assert [p.code for p in parts] == [str(n) for n in range(1, 11)]
    items = [n for n in template.walk() if n.level == "item"]
    children = [n for n in template.walk() if n.level == "child"]
    assert len(items) >= 80
    codes = {n.code for n in template.walk()}
    for code in ("1.1", "3.3", "4.3", "5.6", "7.5", "8.8", "10.9", "10.13", "10.14", "10.17"):
        assert code in codes
    for node in template.walk():
        assert node.applicability in APPLICABILITY
        assert set(node.evidence_kinds) <= set(EVIDENCE_KINDS)
        if node.level != "part":
            assert node.obligation and node.title
    # the three areas broken into children a township can tick
    assert len([c for c in children if c.code.startswith("5.6.")]) >= 6
    assert len([c for c in children if c.code.startswith("10.14.")]) >= 4
    assert any("合法性审查" in c.title or "审核" in c.title for c in children if c.code.startswith("3."))
    targets = {i.key: i.target for n in template.walk() for i in n.indicators}
    assert targets["law_lectures"] == 2 and targets["enforcement_training_hours"] == 60


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d["parts"][0]["items"][1].pop("title"), "条目 1.2 的“title”字段缺失"),
    (lambda d: d["parts"][0]["items"][1].update(code="1.1"), "条目 1.1 的“code”字段与其他条目重复"),
    (lambda d: d["parts"][0]["items"][0].update(evidence_kinds=["照片"]), "条目 1.1 的“evidence_kinds”"),
    (lambda d: d["parts"][0]["items"][0].update(applicability="可能"), "条目 1.1 的“applicability”"),
    (lambda d: d["parts"][1]["items"][0]["children"][0].update(code="6.1"), "必须以上级编码 5.6. 开头"),
    (lambda d: d.update(format_version=9), "“format_version”字段"),
    (lambda d: d["parts"][2]["items"][0]["indicators"][0].update(target="两场"), "indicators.target"),
])
def test_bad_template_is_refused_naming_file_item_and_field(tmp_path, mutate, message):
    data = load_dict()
    mutate(data)
    with pytest.raises(TemplateError) as error:
        templates.load_template(write(tmp_path, data))
    assert "区级清单.yaml" in str(error.value)
    assert message in str(error.value)


def test_not_yaml_is_refused(tmp_path):
    path = tmp_path / "坏文件.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage: [")
    with pytest.raises(TemplateError, match="坏文件.yaml"):
        templates.load_template(path)


def test_template_is_stored_once_per_version(store):
    first = templates.install_builtin(store.db)
    second = templates.install_builtin(store.db)
    assert first == second
    assert store.db.execute("SELECT count(*) FROM template").fetchone()[0] == 1


# --- rules carried by the template (issue 10 point 5) ---------------------------------------------------

def builtin_without_rules(tmp_path) -> int:
    """The built-in checklist as a district might copy it: same items, no rules section."""
    data = yaml.safe_load(templates.builtin_template_path().read_text(encoding="utf-8"))
    data.pop("rules")
    data.update(key="district-copy", version="1")
    return write(tmp_path, data, "区级清单.yaml")


def _reviews_and_lectures(store, ledger_id):
    add_entry(store, ledger_id, rules.REVIEW, category="行政规范性文件", title="村规民约指导意见",
              received_on=date(2025, 11, 3))
    registers.add(store, rules.TRAINING, ledger_id, {"kind": "法治专题讲座", "held_on": TODAY, "topic": "民法典",
                                                     "hours": 2}, today=TODAY)


def test_a_template_without_rules_gives_no_links_no_counts_no_statutory_dates(store, tmp_path):
    template_id = templates.install(store.db, templates.load_template(builtin_without_rules(tmp_path)))
    ledger_id = ledgers.create_ledger(store, "测试镇人民政府", 2025, template_id).result
    assert registers.default_item_ids(store, ledger_id, rules.REVIEW, {"category": "行政规范性文件"}) == []
    _reviews_and_lectures(store, ledger_id)
    assert register_totals.counted_indicators(store, ledger_id) == {}
    assert [e for e in due.due_list(store, ledger_id, date(2026, 3, 30)) if e.kind == due.KIND_STATUTORY] == []
    assert "未声明法定报送期限" in due.statutory_note(store, ledger_id)
    assert "不由任何专项台账填写" in register_totals.uncounted_note(store, ledger_id)


def test_the_builtin_template_declares_todays_rules(store, ledger, codes):
    linked = registers.default_item_ids(store, ledger, rules.REVIEW, {"category": "行政规范性文件"})
    assert linked == sorted(codes[c] for c in ("3.3", "3.7.4", "3.7.8"))
    _reviews_and_lectures(store, ledger)
    counted = register_totals.counted_indicators(store, ledger)
    assert counted[codes["3.7"]] == {"legality_reviews": 1}
    assert counted[codes["10.9"]] == {"law_lectures": 1}
    assert due.statutory_note(store, ledger) == "" and register_totals.uncounted_note(store, ledger) == ""


def test_statutory_dates_of_118号_item_6_and_督察规定_art_23_para_2_and_art_24(store, ledger):
    """118号（六）: 执法统计年报 by 31 January; 督察规定 Art.23 ¶2: reported up by 1 March; Art.24: published
    by 1 April — each about the ledger's year, due the year after."""
    titles = [e.title for e in due.due_list(store, ledger, date(2026, 3, 30)) if e.kind == due.KIND_STATUTORY]
    assert titles == ["2025年度行政执法统计年报公开并报送（1月31日前）",
                      "2025年度法治政府建设情况报告报送上级党委和政府（3月1日前）",
                      "2025年度法治政府建设情况报告向社会公开（4月1日前）"]
    template = templates.builtin(templates.BUILTIN_FILE)
    assert [d.basis.split("：")[0] for d in template.rules.statutory_dates] == [
        "国办发〔2018〕118号第（六）项", "《法治政府建设与责任落实督察工作规定》第23条第2款",
        "《法治政府建设与责任落实督察工作规定》第24条"]


def test_a_template_stored_before_rules_existed_keeps_the_builtin_rules(store, ledger, codes):
    """Migration 0004 gave earlier template rows rules '{}': they were the built-in checklist."""
    store.db.execute("UPDATE template SET rules = '{}'")
    linked = registers.default_item_ids(store, ledger, rules.CASE, {"published_on": TODAY})
    assert codes["5.6.3"] in linked and codes["5.6.5"] in linked
    assert due.statutory_note(store, ledger) == "" and register_totals.uncounted_note(store, ledger) == ""


def test_rules_keys_and_years_are_stored_with_the_template(store):
    template_id = templates.install_builtin(store.db)
    row = store.db.execute("SELECT years, rules FROM template WHERE id = ?", [template_id]).fetchone()
    assert row[0] == "2021-2025" and '"statutory_dates"' in row[1]
    keys = dict(store.db.execute("SELECT code, key FROM template_node WHERE template_id = ?", [template_id]))
    assert keys["5.6.3"] == "5.6.3" and len(keys) == 122


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.update(rules={"default_links": [{"register": "legality_review", "items": ["9.99"]}]}),
     "引用了不存在的条目 key 9.99"),
    (lambda d: d.update(rules={"counted_indicators": [{"item": "1.1", "indicator": "nothing",
                                                        "register": "training"}]}), "nothing 不是条目 1.1 的指标"),
    (lambda d: d.update(rules={"default_links": [{"register": "village", "items": ["1.1"]}]}), "“register”"),
    (lambda d: d.update(rules={"default_links": [{"register": "training", "when": {"colour": "红"},
                                                   "items": ["1.1"]}]}), "colour 不是学法培训的字段"),
    (lambda d: d.update(rules={"statutory_dates": [{"month": 2, "day": 30, "item": "1.1", "title": "x"}]}),
     "不是有效的月、日"),
    (lambda d: d.update(rules={"holidays": []}), "“rules”"),
    (lambda d: d.update(years={"first": 2026, "last": 2021}), "起始年度晚于截止年度"),
    (lambda d: d["parts"][0]["items"][1].update(key="1.1"), "条目 1.2 的“key”字段与其他条目重复"),
])
def test_bad_rules_are_refused_naming_the_field(tmp_path, mutate, message):
    data = load_dict()
    mutate(data)
    with pytest.raises(TemplateError) as error:
        templates.load_template(write(tmp_path, data))
    assert message in str(error.value)


def test_a_new_ledger_gets_the_builtin_version_for_its_year(store):
    assert templates.builtin_for_year(2025).version == "2025.2"
    assert templates.builtin_for_year(2026).version == templates.builtin_for_year(2031).version == "2026.1"
    assert templates.builtin_for_year(2019).version == "2025.2"  # before every version: the oldest
    old = ledgers.create_ledger(store, "测试镇人民政府", 2025).result
    new = ledgers.create_ledger(store, "测试镇人民政府", 2026).result
    assert "2021－2025" in ledgers.get_ledger(store, old).template_name  # ledgers made keep their template
    assert ledgers.get_ledger(store, new).template_name == "法治政府建设乡镇（街道）任务清单（2026年起）"
