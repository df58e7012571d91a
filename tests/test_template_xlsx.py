"""A district's checklist from Excel (docs/template-xlsx.md): the shipped example comes in as the 2026
checklist and a ledger is made from it; every bad row is reported by row and column and nothing is installed;
the same checklist again is the installed one, another content under the same version is refused."""

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.domain.errors import UserError
from desktop.services import backup, ledgers, template_xlsx, templates
from tests.test_xlsx_guard import LAUGHS, _rewrite

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = templates.builtin_template_path("区县任务清单示例.xlsx")
HEADER = ["编码", "标题", "工作要求", "依据", "佐证材料类型", "适用性", "说明", "指标名称", "指标单位", "年度目标", "键"]
INFO = [["模板名称", "青山区乡镇任务清单"], ["版本", "2026.1"], ["起始年度", 2026]]


def book(path: Path, rows: list[list], info=INFO, merge: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "模板信息"
    for row in info:
        sheet.append(row)
    items = workbook.create_sheet("任务清单")
    items.append(HEADER)
    for row in rows:
        items.append(row + [None] * (len(HEADER) - len(row)))
    if merge:
        items.merge_cells(merge)
    workbook.save(path)
    return path


GOOD = [["1", "学法用法"], ["1.1", "党委中心组学法", "每年不少于 4 次", "", "会议纪要/记录、培训签到表", "",
                           "", "学法次数", "次", 4],
        ["1.1", "", "", "", "", "", "", "参学人数", "人", None], ["1.1.1", "会前学法", "", "", "", "部分适用"],
        ["2", "依法决策"], ["2.1", "重大行政决策合法性审查", "", "《重大行政决策程序暂行条例》第25条", "审查意见书"]]


def template_count(store) -> int:
    return len(templates.choices(store))


def shape(template):
    """What a node holds, its indicators without their keys (the example numbers them 指标1, 指标2, …)."""
    return [(n.level, n.code, n.key, n.title, n.obligation, n.basis, n.evidence_kinds, n.applicability, n.note,
             [(i.name, i.unit, i.target) for i in n.indicators]) for n in template.walk()]


def test_the_shipped_example_is_the_2026_checklist_and_a_ledger_is_made_from_it(store):
    template = template_xlsx.check_file(EXAMPLE)
    assert shape(template) == shape(templates.builtin("township_2026.yaml"))
    assert (template.first_year, template.last_year) == (2026, None) and not template.rules.item_keys()
    assert "10 个部分" in template_xlsx.summary(template)
    backups = len(backup.list_backups(store))
    template_id = template_xlsx.import_template(store, EXAMPLE)
    assert len(backup.list_backups(store)) == backups + 1  # a backup first, as before every import
    assert any(c.template_id == template_id and c.name == template.name for c in templates.choices(store))
    ledger = ledgers.create_ledger(store, "青山镇人民政府", 2026, template_id).result
    view = ledgers.load_view(store, ledger)
    assert [i.code for i in view.items] == [n.code for n in template.walk()]
    assert template_xlsx.import_template(store, EXAMPLE) == template_id  # the same content: the installed one


def test_a_small_checklist_with_sub_items_and_two_indicators(store, tmp_path):
    template = template_xlsx.check_file(book(tmp_path / "ok.xlsx", GOOD))
    nodes = {n.code: n for n in template.walk()}
    assert [n.level for n in template.walk()] == ["part", "item", "child", "part", "item"]
    assert [(i.key, i.name, i.unit, i.target) for i in nodes["1.1"].indicators] == [
        ("指标1", "学法次数", "次", 4.0), ("指标2", "参学人数", "人", None)]
    assert nodes["1.1"].evidence_kinds == ("会议纪要/记录", "培训签到表")
    assert nodes["1.1.1"].applicability == "部分适用" and nodes["2.1"].applicability == "适用"
    assert template.name == "青山区乡镇任务清单" and template.version == "2026.1"


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_installed(store, tmp_path):
    rows = [["1", "学法用法"], ["1.1", ""], ["1.1", "重复的编码"], ["1.2", "党委学法"], ["1.2", "再次重复"],
            ["3.1", "上级不存在"], ["1.x", "编码不对"], ["1.3", "类型不对", "", "", "会议记录"],
            ["1.4", "目标不是数字", "", "", "", "", "", "次数", "次", "12项"], ["1.5", "适用性不对", "", "", "", "看情况"],
            ["1.6", "长" * 201], ["4", "没有任务的部分"], ["1.7", "只有单位", "", "", "", "", "", "", "次"]]
    path = book(tmp_path / "bad.xlsx", rows, merge="C3:C4")
    before, backups = template_count(store), len(backup.list_backups(store))
    with pytest.raises(UserError) as info:
        template_xlsx.import_template(store, path)
    text = str(info.value)
    for expected in ("第 3 行“标题”：不能为空", "第 6 行“编码”：1.2 与第 5 行重复",
                     "第 7 行“编码”：3.1 的上级 3 不在它之前的行中", "第 8 行“编码”：“1.x”不是有效的编码",
                     "第 9 行“佐证材料类型”：“会议记录”不是可选的类型", "第 10 行“年度目标”：“12项”不是数字",
                     "第 11 行“适用性”", "第 12 行“标题”：超过 200 个字", "第 13 行：部分 4 下没有任务",
                     "第 14 行“指标名称”", "第 3 行起合并的单元格"):
        assert expected in text, expected
    assert "第 4 行" not in text  # row 3's 1.1 was bad, so row 4's is the first 1.1: not a duplicate
    assert text.startswith("没有导入清单模板：")
    assert template_count(store) == before and len(backup.list_backups(store)) == backups


def test_missing_sheet_header_and_information_are_reported(tmp_path):
    no_info = openpyxl.Workbook()
    no_info.active.title = "任务清单"
    no_info.save(tmp_path / "a.xlsx")
    with pytest.raises(UserError, match="没有“模板信息”工作表"):
        template_xlsx.check_file(tmp_path / "a.xlsx")
    path = book(tmp_path / "b.xlsx", [], info=[["模板名称", ""], ["起始年度", "明年"]])
    wb = openpyxl.load_workbook(path)
    wb["任务清单"].delete_rows(1)
    wb["任务清单"].append(["序号", "名称"])
    wb.save(path)
    with pytest.raises(UserError) as info:
        template_xlsx.check_file(path)
    text = str(info.value)
    assert "缺少“模板名称”" in text and "缺少“版本”" in text and "“起始年度”：应为 2000 至 2100" in text
    assert "第 1 行没有“编码”“标题”列" in text


def test_the_same_version_with_other_content_is_refused(store, tmp_path):
    template_xlsx.import_template(store, book(tmp_path / "one.xlsx", GOOD))
    changed = [row[:] for row in GOOD]
    changed[1][1] = "党委理论学习中心组学法"
    with pytest.raises(UserError, match="内容与本文件不同"):
        template_xlsx.import_template(store, book(tmp_path / "two.xlsx", changed))


def test_a_hostile_file_is_refused_before_it_is_parsed(tmp_path):
    good = book(tmp_path / "good.xlsx", GOOD)
    with pytest.raises(UserError, match="DOCTYPE"):
        template_xlsx.check_file(_rewrite(good, tmp_path / "laughs.xlsx", {"xl/worksheets/sheet2.xml": LAUGHS}))


def test_the_command_line_installs_it_or_lists_the_problems(tmp_path):
    data = tmp_path / "data"

    def fazhi(*args):
        return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data), *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    bad = fazhi("import", "template", str(book(tmp_path / "bad.xlsx", [["1", ""]])))
    assert bad.returncode == 2 and "第 2 行“标题”：不能为空" in bad.stdout + bad.stderr
    assert "Traceback" not in bad.stderr
    done = fazhi("import", "template", str(book(tmp_path / "ok.xlsx", GOOD)))
    assert done.returncode == 0 and "已安装清单模板：青山区乡镇任务清单（版本 2026.1" in done.stdout
    listed = fazhi("templates")
    assert "青山区乡镇任务清单" in listed.stdout


@pytest.mark.parametrize("code, words", [(2, "文件或文件夹不存在"), (13, "没有权限"), (28, "磁盘空间不足"),
                                         (21, "这是一个文件夹，不是文件")])
def test_a_file_that_cannot_be_opened_is_told_in_chinese(tmp_path, code, words):
    """The system's own reason is English on most machines: every message that names one says it in Chinese."""
    import errno
    import os

    from desktop.store import failures

    assert failures.reason(OSError(code, os.strerror(code))) == words
    assert "系统信息：" in failures.reason(OSError(errno.ECONNRESET, "Connection reset"))
    if code == 2:
        with pytest.raises(UserError, match="无法打开文件（文件或文件夹不存在）"):
            template_xlsx.check_file(tmp_path / "不存在.xlsx")


def test_two_programs_installing_it_at_once_both_succeed_with_one_template(tmp_path):
    import time

    from desktop.store.store import Store

    data = tmp_path / "data"
    Store(data).close()
    code = ("import sys, time\nfrom pathlib import Path\nfrom desktop.store.store import Store\n"
            "from desktop.services import template_xlsx\nwith Store(Path(sys.argv[1])) as s:\n"
            "    time.sleep(max(0, float(sys.argv[2]) - time.time()))\n"
            "    print(template_xlsx.import_template(s, sys.argv[3]))\n")
    at = time.time() + 3
    runs = [subprocess.Popen([sys.executable, "-c", code, str(data), str(at), str(EXAMPLE)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], [e for _o, e in outputs]
    assert len({o.strip() for o, _e in outputs}) == 1  # the same template id for all three
    with Store(data) as store:
        assert sum(1 for c in templates.choices(store) if c.name.startswith("××区")) == 1


def _items_rows(count: int) -> list[list]:
    return [["1", "学法用法"], *([f"1.{n}", f"任务{n}"] for n in range(1, count))]


def test_a_checklist_far_too_long_is_refused_before_its_rows_are_read(tmp_path, monkeypatch):
    path = book(tmp_path / "长.xlsx", _items_rows(4000))
    read = []
    monkeypatch.setattr(template_xlsx, "_node", lambda number, *a: read.append(number))
    with pytest.raises(UserError, match="“任务清单”第 4001 行还有内容，超出了可读取的范围（最多读到第 3001 行）"):
        template_xlsx.check_file(path)
    assert read == []


def test_cells_far_right_cost_no_memory_and_are_not_read(tmp_path):
    """A cell in column XFD on every row made each row 16 384 values wide (20 000 rows: 2.6 GB)."""
    import tracemalloc

    path = book(tmp_path / "宽.xlsx", _items_rows(400))
    workbook = openpyxl.load_workbook(path)
    for row in range(1, 402):
        workbook["任务清单"].cell(row=row, column=16384, value="右边")
    workbook.save(path)
    tracemalloc.start()
    try:
        template = template_xlsx.check_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(list(template.walk())) == 400
    assert peak < 15 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"


@pytest.mark.parametrize("hidden", ["任务清单", "模板信息"])
def test_a_hidden_sheet_is_not_read(tmp_path, hidden):
    path = book(tmp_path / "隐藏.xlsx", GOOD)
    workbook = openpyxl.load_workbook(path)
    workbook[hidden].sheet_state = "hidden"
    workbook.active = workbook.sheetnames.index("模板信息" if hidden == "任务清单" else "任务清单")
    workbook.save(path)
    with pytest.raises(UserError, match=f"“{hidden}”工作表是隐藏的，隐藏的工作表不读取"):
        template_xlsx.check_file(path)


def test_a_declaration_after_a_long_comment_in_the_workbook_part_is_refused_in_chinese(tmp_path):
    good = book(tmp_path / "good.xlsx", GOOD)
    with zipfile.ZipFile(good) as old:
        workbook = old.read("xl/workbook.xml")
    padded = workbook.replace(b"<workbook", b"<!--" + b"x" * 5000 + b'--><!DOCTYPE w [<!ENTITY e "e">]><workbook', 1)
    with pytest.raises(UserError, match="不能导入 wbpad.xlsx：部件 xl/workbook.xml 含有 DOCTYPE、实体声明或注释"):
        template_xlsx.check_file(_rewrite(good, tmp_path / "wbpad.xlsx", {"xl/workbook.xml": padded}))
