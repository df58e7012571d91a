"""A demo ledger with believable progress and sample evidence, so a new user sees a living program."""

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from desktop.domain import registers as rules
from desktop.domain.errors import UserError
from desktop.services import evidence, ledgers, registers
from desktop.services.demo_matters import add_demo_matters
from desktop.store import durable, file_store, operations
from desktop.store.operations import Changes
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
    ("4.1", "镇长办公会听取法律顾问意见记录", "会议纪要/记录",
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
    ("10.10", "镇长办公会会前学法记录", "会议纪要/记录", "镇长办公会会前学习行政处罚法有关规定。", None, 5),
    ("10.13", "执法人员年度法律知识培训台账", "工作台账", "执法人员参加业务知识和法律法规培训学时统计。", None, 9),
    ("10.14", "法律顾问聘用合同", "合同/聘书", "与律师事务所签订常年法律顾问服务合同。", "法律顾问合同.txt", 1),
]


def real_ledgers(store: Store) -> list:
    """The ledgers of this data folder that are not the demo's: an officer's real work."""
    return [lg for lg in ledgers.list_ledgers(store) if lg.unit_name != DEMO_UNIT]


def create_demo_ledger(store: Store, unit_name: str, year: int, today: date | None = None,
                       seed: int = 2025) -> Changes:
    """All of it one operation: two demos at once, one wins and the other is told the year exists; a
    demo that fails half-way (a full disk) leaves no row behind. The ledger id is in .result."""
    try:
        return operations.run(store.db, f"创建 {year} 年度演示台账",
                              lambda op: _create_demo_ledger(store, unit_name, year, today, seed))
    except BaseException:
        _trash_unused_sample_files(store)
        raise


def _trash_unused_sample_files(store: Store) -> None:
    """The sample files a failed demo copied into the store, now named by no row, go to the trash (under
    the write lock, so no other program is between copying such a file and naming it)."""
    shas = {durable.sha256_bytes(_sample_bytes(title, text)) for _, title, _, text, name, _ in SAMPLES if name}
    try:
        with store.db.write():
            for sha in shas:
                if file_store.blob_for(store.db, sha):
                    continue
                for stored in store.files.path_for(sha).parent.glob(f"{sha}*"):
                    store.files.remove(stored.name)
    except (OSError, UserError):  # the disk that failed the demo may fail this too: check reports leftovers
        pass


def _create_demo_ledger(store: Store, unit_name: str, year: int, today: date | None, seed: int) -> int:
    today = min(today or date.today(), date(year, 12, 20))  # due dates stay inside the ledger's year
    ledger_id = ledgers.create_ledger(store, unit_name, year).result
    view = ledgers.load_view(store, ledger_id)
    _fill_progress(store, view.items, year, today, random.Random(seed))
    by_code = {i.code: i.id for i in view.items}
    added = {}
    with tempfile.TemporaryDirectory() as folder:
        for code, title, kind, text, file_name, month in SAMPLES:
            if code not in by_code:
                continue
            formed = min(date(year, month, 10 + len(title) % 15), today)
            files = [_sample_file(Path(folder), file_name, title, text)] if file_name else []
            added[title] = evidence.add(store, ledger_id, title=title, kind=kind, formed_on=formed,
                                        description=text, item_ids=[by_code[code]], files=files, today=today).result
    _fill_registers(store, ledger_id, year, today, random.Random(seed + 1), added)
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
    path.write_bytes(_sample_bytes(title, text))
    return path


def _sample_bytes(title: str, text: str) -> bytes:
    return f"{title}\n\n{text}\n\n（演示材料）\n".encode("utf-8-sig")


# --- registers: a year of believable entries, a few of them overdue relative to today ----------------------

REVIEWS = [  # (month, day, category, title, office, opinion, reasons, days to opinion)
    (3, 10, "行政规范性文件", "关于农村人居环境整治奖补办法（送审稿）", "党政办", "修改后同意",
     "第五条奖补标准表述不明确，建议明确标准和发放程序后发布。", 6),
    (5, 12, "重大行政决策", "集镇区污水管网建设项目实施方案", "经济发展办", "同意", "", 5),
    (6, 3, "行政协议/合同", "村集体土地租赁合同（东风村）", "农业农村办", "修改后同意",
     "违约责任条款权利义务不对等，建议补充解除条件。", 4),
    (8, 18, "重大执法决定", "对违法建设实施强制拆除的法制审核", "综合行政执法队", "同意", "", 3),
]
CASES = [  # (month, day, kind, number, cause, party, days to publication or None, text record, major)
    (4, 15, "处罚", "第1号", "违规占道经营", "王某某", 3, True, False),
    (6, 20, "检查", "检字第3号", "燃气安全专项检查", "某餐饮店", 10, True, False),
    (8, 25, "强制", "强字第1号", "违法建设强制拆除", "李某某", 5, True, True),
    (7, 1, "处罚", "第2号", "未按规定处置建筑垃圾", "某建筑公司", 19, True, False),
]
OFFICERS = [("赵敏", "综合行政执法队"), ("孙磊", "综合行政执法队"), ("吴婷", "综合行政执法队"), ("郑浩", "应急管理办")]
TRAININGS = [  # (month, day, kind, topic, speaker, hours, attending officers by index)
    (3, 18, "党委中心组学法", "习近平法治思想专题学习", "镇党委书记", 2, ()),
    (4, 15, "法治专题讲座", "民法典与基层治理", "县司法局讲师", 3, (0, 1, 2)),
    (5, 8, "会前学法", "行政处罚法有关规定", "司法所所长", 1, ()),
    (6, 10, "执法人员培训", "行政执法程序与文书规范", "县综合行政执法局", 16, (0, 1, 2, 3)),
    (9, 20, "执法人员培训", "综合行政执法业务培训", "市综合行政执法局", 24, (0, 1, 2)),
    (10, 16, "执法人员培训", "网络学法（执法人员在线学习平台）", "", 20, (0, 1, 3)),
    (11, 6, "法治专题讲座", "行政复议法修订解读", "法律顾问 张明", 2, ()),
]


def _add(store: Store, entity: str, ledger_id: int, fields: dict, today: date) -> int:
    return registers.add(store, entity, ledger_id, fields, today=today).result


def _spread(year: int, today: date, month: int, day: int) -> date:
    """A date of the year moved into the part of the year that has passed by today, order kept."""
    start = date(year, 1, 1)
    share = (date(year, month, day) - start).days / 365
    return start + timedelta(days=int(share * max((today - start).days, 0)))


def _fill_registers(store: Store, ledger_id: int, year: int, today: date, rng: random.Random,
                    added: dict[str, int]) -> None:
    review_ids = _demo_reviews(store, ledger_id, year, today)
    _demo_cases(store, ledger_id, year, today, review_ids[-1])
    adviser_id = _demo_advisers(store, ledger_id, year, today, rng)
    training_ids = _demo_trainings(store, ledger_id, year, today)
    add_demo_matters(store, ledger_id, today)
    for entity, entry_id, title in ((rules.REVIEW, review_ids[0], "关于农村人居环境整治奖补办法的合法性审查意见书"),
                                     (rules.ADVISER, adviser_id, "法律顾问聘用合同"),
                                     (rules.TRAINING, training_ids[1], "法治专题讲座（民法典与基层治理）签到表")):
        if title in added:
            registers.link_evidence(store, entity, entry_id, added[title])


def _demo_reviews(store: Store, ledger_id: int, year: int, today: date) -> list[int]:
    ids = []
    for month, day, category, title, office, opinion, reasons, days in REVIEWS:
        received = _spread(year, today, month, day)
        ids.append(_add(store, rules.REVIEW, ledger_id, {
            "category": category, "title": title, "submitted_by": office, "received_on": received,
            "reviewer": "李强（司法所）", "adviser_consulted": True, "opinion": opinion, "opinion_reasons": reasons,
            "opinion_on": min(received + timedelta(days=days), today), "adoption": "已采纳",
            "archive_no": f"HF-{year}-{len(ids) + 1:03d}", "proc_public_participation": True,
            "proc_expert_argument": True, "proc_risk_assessment": True, "proc_legality_review": True,
            "proc_collective_decision": True}, today=today))
    # still open: one overdue, one just received (and a decision missing its collective discussion)
    _add(store, rules.REVIEW, ledger_id, {
        "category": "重大行政决策", "title": "老旧小区改造年度计划", "submitted_by": "村镇建设办",
        "received_on": today - timedelta(days=20), "proc_public_participation": True}, today=today)
    _add(store, rules.REVIEW, ledger_id, {
        "category": "其他涉法事项", "title": "东风村村规民约（修订稿）", "submitted_by": "东风村委会",
        "received_on": today - timedelta(days=2)}, today=today)
    return ids


def _demo_cases(store: Store, ledger_id: int, year: int, today: date, major_review_id: int) -> None:
    prefix = f"〔{year}〕示范镇综执"
    reviewed_on = registers.get(store, rules.REVIEW, major_review_id).opinion_on
    for month, day, kind, number, cause, party, publish_after, text_done, major in CASES:
        decided = max(_spread(year, today, month, day), reviewed_on) if major else _spread(year, today, month, day)
        _add(store, rules.CASE, ledger_id, {
            "case_no": prefix + number, "kind": kind, "title": cause, "party": party, "decision_on": decided,
            "is_major": major, "legality_review_id": major_review_id if major else None,
            "published_on": min(decided + timedelta(days=publish_after), today),
            "publication_place": "镇政府门户网站", "text_record_complete": text_done,
            "av_measure": "强制拆除" if major else "", "av_record_complete": major}, today=today)
    for days_ago, kind, number, cause in ((20, "处罚", "第3号", "擅自在公共场所设置广告牌"),
                                          (2, "许可", "许字第5号", "临时占用道路许可")):
        _add(store, rules.CASE, ledger_id, {
            "case_no": prefix + number, "kind": kind, "title": cause, "party": "某商户",
            "decision_on": today - timedelta(days=days_ago), "text_record_complete": days_ago < 10}, today=today)


def _demo_advisers(store: Store, ledger_id: int, year: int, today: date, rng: random.Random) -> int:
    government = _add(store, rules.ADVISER, ledger_id, {
        "name": "张明", "firm": "示范律师事务所", "adviser_type": "政府法律顾问",
        "contract_start": date(year, 1, 1), "contract_end": date(year, 12, 31), "contact": "139-0000-0001",
        "scope": "重大决策、规范性文件和合同合法性审查，矛盾纠纷化解，法治讲座"}, today=today)
    village = _add(store, rules.ADVISER, ledger_id, {
        "name": "刘芳", "firm": "示范律师事务所", "adviser_type": "村(居)法律顾问",
        "contract_start": date(year, 1, 1), "contract_end": today + timedelta(days=20),
        "contact": "139-0000-0002", "scope": "东风村、新华社区法律顾问"}, today=today)
    subjects = {"法律咨询": "群众法律咨询", "审核合同": "合同审核", "审查文件/决策": "文件合法性审查",
                "代拟文书": "代拟催告书", "参与调解/信访": "邻里纠纷调解", "代理诉讼/复议": "行政复议答复",
                "法治讲座": "法律进村讲座", "列席会议": "列席镇长办公会"}
    for month in range(1, 13):
        kind = rng.choice(tuple(subjects))  # the kinds the demo shows, in a fixed order
        adviser = government if kind in ("审核合同", "审查文件/决策", "列席会议", "代理诉讼/复议") else village
        party = "政府" if adviser == government else rng.choice(("村(居)", "群众"))
        _add(store, rules.SERVICE, ledger_id, {
            "served_on": _spread(year, today, month, rng.randint(1, 28)), "adviser_id": adviser, "kind": kind,
            "served_party": party, "subject": subjects[kind],
            "quantity": rng.randint(2, 8) if kind == "法律咨询" else 1, "adoption": "已采纳" if rng.random() < 0.8 else "未记录"},
            today=today)
    return government


def _demo_trainings(store: Store, ledger_id: int, year: int, today: date) -> list[int]:
    officers = [_add(store, rules.OFFICER, ledger_id, {
        "name": name, "department": department, "certificate_no": f"演示{year}{n:04d}"}, today=today)
        for n, (name, department) in enumerate(OFFICERS, 1)]
    return [_add(store, rules.TRAINING, ledger_id, {
        "kind": kind, "held_on": _spread(year, today, month, day), "topic": topic, "speaker": speaker,
        "participants": "执法人员" if attending else "镇领导班子成员", "hours": hours,
        "attendance": [(officers[i], None) for i in attending]}, today=today)
        for month, day, kind, topic, speaker, hours, attending in TRAININGS]
