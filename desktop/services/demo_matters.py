"""The demo ledger's 案件/事项 (one of each kind, one still open near its deadline) and a 普法活动."""

from datetime import date, timedelta

from desktop.domain import registers as rules
from desktop.services import registers
from desktop.store.store import Store


def add_demo_matters(store: Store, ledger_id: int, today: date) -> list[int]:
    rows = (
        {"kind": "行政复议", "title": "王某不服拆除违建决定申请复议", "party": "王某", "received_on": today - timedelta(days=120),
         "answered_on": today - timedelta(days=112), "concluded_on": today - timedelta(days=60), "outcome": "维持"},
        {"kind": "行政应诉", "title": "李某诉镇政府信息公开答复案", "party": "李某", "received_on": today - timedelta(days=90),
         "answered_on": today - timedelta(days=70), "outcome": "驳回", "head_appeared": True},
        {"kind": "信访", "title": "东风村道路修缮诉求（县信访局转送）", "party": "张某", "received_on": today - timedelta(days=10),
         "petition_track": "转送交办（第23条）"},
        {"kind": "依申请公开", "title": "申请公开2025年度土地征收补偿标准", "party": "赵某",
         "received_on": today - timedelta(days=40), "answered_on": today - timedelta(days=5), "outcome": "予以公开"},
    )
    ids = [registers.add(store, rules.MATTER, ledger_id, row, today=today).result for row in rows]
    registers.add(store, rules.PUBLICITY, ledger_id, {
        "held_on": today - timedelta(days=30), "kind": "宪法/民法典宣传", "title": "民法典宣传月集中宣传",
        "place": "镇文化广场", "organizer": "司法所", "quantity": 320}, today=today)
    return ids
