"""A demo ledger with believable progress and sample evidence, so a new user sees a living program."""

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from desktop.services import evidence, ledgers
from desktop.store.store import Store

DEMO_UNIT = "示范镇人民政府（演示）"
OWNERS = [("党政办", "王丽"), ("司法所", "李强"), ("综合行政执法队", "赵敏"), ("便民服务中心", "陈静"),
          ("应急管理办", "周涛")]

# (item code, title, kind, description, file name or None, month)
SAMPLES = [
    ("1.1", "党委理论学习中心组学习习近平法治思想会议记录", "会议纪要/记录",
     "镇党委理论学习中心组专题学习习近平法治思想，班子成员逐一交流发言。", "中心组学习记录.txt", 3),
    ("1.2", "关于印发本年度法治政府建设工作要点的通知", "制度文件",
     "明确年度法治政府建设重点任务、责任科室和完成时限。", "法治政府建设工作要点.txt", 2),
    ("3.2", "规范性文件发文目录", "工作台账", "本年度以镇政府名义制发的行政规范性文件目录。", None, 6),
    ("3.3", "关于农村人居环境整治奖补办法的合法性审查意见书", "审查意见书",
     "司法所出具合法性审查意见，建议修改第五条奖补标准表述后发布。", "合法性审查意见书.txt", 4),
    ("4.1", "镇政府常务会议听取法律顾问意见记录", "会议纪要/记录",
     "研究集体土地租赁项目前，听取法律顾问关于合同条款的意见。", None, 5),
    ("4.4", "重大行政决策事项年度目录（已公开）", "公示截图/链接",
     "经镇党委同意后在政府网站公开，附网页截图。", "决策目录公开截图说明.txt", 3),
    ("5.6", "行政执法公示情况台账", "工作台账", "行政处罚、行政检查决定公示情况登记。", None, 7),
    ("5.7", "执法人员持证上岗名册", "工作台账", "综合行政执法队执法人员执法证件信息。", "执法人员名册.txt", 2),
    ("6.1", "镇突发事件总体应急预案（修订）", "制度文件", "与县级预案相衔接，明确各村应急职责。", None, 5),
    ("6.3", "防汛应急演练照片及总结", "照片音像", "组织村干部和民兵开展防汛转移演练。", "演练总结.txt", 6),
    ("8.8", "政府信息主动公开情况", "公示截图/链接", "农村低保、土地流转等信息公开情况截图。", None, 8),
    ("10.1", "党委会专题听取法治政府建设情况汇报纪要", "会议纪要/记录",
     "镇党委会专题听取上一年度法治政府建设情况，研究解决重点问题。", "党委会纪要.txt", 1),
    ("10.5", "上一年度法治政府建设情况报告（报送及公开）", "报告报表",
     "3月1日前报送县委县政府，4月1日前在政府网站公开。", "年度报告.txt", 2),
    ("10.9", "法治专题讲座（民法典与基层治理）签到表", "培训签到表",
     "邀请县司法局讲师为班子成员和站所负责人讲授民法典。", "讲座签到表.txt", 4),
    ("10.10", "政府常务会议会前学法记录", "会议纪要/记录", "常务会议会前学习行政处罚法有关规定。", None, 5),
    ("10.13", "执法人员年度法律知识培训台账", "工作台账", "执法人员参加业务知识和法律法规培训学时统计。", None, 9),
    ("10.14", "法律顾问聘用合同", "合同/聘书", "与律师事务所签订常年法律顾问服务合同。", "法律顾问合同.txt", 1),
]


def create_demo_ledger(store: Store, unit_name: str, year: int, today: date | None = None,
                       seed: int = 2025) -> int:
    today = min(today or date.today(), date(year, 12, 20))  # due dates stay inside the ledger's year
    ledger_id = ledgers.create_ledger(store, unit_name, year)
    view = ledgers.load_view(store, ledger_id)
    _fill_progress(store, view.items, year, today, random.Random(seed))
    by_code = {i.code: i.id for i in view.items}
    with tempfile.TemporaryDirectory() as folder:
        for code, title, kind, text, file_name, month in SAMPLES:
            if code not in by_code:
                continue
            formed = min(date(year, month, 10 + len(title) % 15), today)
            files = [_sample_file(Path(folder), file_name, title, text)] if file_name else []
            evidence.add(store, ledger_id, title=title, kind=kind, formed_on=formed, description=text,
                         item_ids=[by_code[code]], files=files, today=today)
    return ledger_id


def _fill_progress(store: Store, items, year: int, today: date, rng: random.Random) -> None:
    for item in items:
        if item.level == "part" or item.applicability == "不适用":
            continue
        department, owner = rng.choice(OWNERS)
        roll = rng.random()
        if roll < 0.45:
            fields = {"progress": "已完成", "result": "已落实"}
        elif roll < 0.75:
            fields = {"progress": "推进中", "result": "部分落实"}
        elif roll < 0.85:
            fields = {"progress": "待审核", "result": "未评估"}
        else:
            fields = {"progress": "未开始", "result": "未评估"}
        done = fields["progress"] == "已完成"
        if done:
            due = date(year, rng.choice((3, 6, 9, 11)), 28)
        elif rng.random() < 0.3:
            due = today - timedelta(days=rng.randint(3, 40))  # a few overdue items to act on
        else:
            due = today + timedelta(days=rng.randint(5, 40))
        fields.update(department=department, owner=owner, due_date=min(due, date(year, 12, 31)))
        share = 1.0 if done else 0.5
        values = {i.key: round(i.target * share) for i in item.indicators if i.target is not None}
        ledgers.update_item(store, item.id, fields, values)


def _sample_file(folder: Path, name: str, title: str, text: str) -> Path:
    path = folder / name
    path.write_text(f"{title}\n\n{text}\n\n（演示材料）\n", encoding="utf-8-sig")
    return path
