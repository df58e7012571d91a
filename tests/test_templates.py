import pytest
import yaml

from desktop.domain.enums import APPLICABILITY, EVIDENCE_KINDS
from desktop.domain.errors import TemplateError
from desktop.services import templates
from tests.conftest import DATA


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
