"""Databases as earlier versions of the program left them: schema_v1.sqlite (migration 0001), schema_v2
(0001–0002) and schema_v3 (0001–0003), each with rows of every kind its schema had, written the way those
versions wrote them (hand-made change-log rows, no operations, no uids); the files their attachments name
are in files/ beside them (one in files/.trash: a deleted entry's).

python tests/data/make_schema_databases.py   (the outputs are committed; run again only to change them)
"""

import hashlib
import json
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIGRATIONS = HERE.parent.parent / "db" / "migrations"
AT = "2025-03-02T09:30:00"
FILES = {"会议纪要.pdf": b"%PDF-1.4 minutes of the study session", "签到表.jpg": b"\xff\xd8 sign-in sheet"}


def sha(name: str) -> str:
    return hashlib.sha256(FILES[name]).hexdigest()


def stored_name(name: str) -> str:
    return f"{sha(name)}.{name.rsplit('.', 1)[1]}"


def write_files() -> None:
    for name, content in FILES.items():
        folder = HERE / "files" / (".trash" if name == "签到表.jpg" else sha(name)[:2])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / stored_name(name)).write_bytes(content)


def log(conn, ledger_id, entity, entity_id, action, field="", old=None, new=None) -> None:
    conn.execute("INSERT INTO change_log (at, os_user, ledger_id, entity, entity_id, action, field, old, new) "
                 "VALUES (?, '王丽', ?, ?, ?, ?, ?, ?, ?)", [AT, ledger_id, entity, entity_id, action, field,
                                                          old, new])


def fill_v1(conn) -> None:
    conn.execute("INSERT INTO template VALUES (1, 'gangyao-test', '2021', '测试清单', 'tests', 'abc', ?)", [AT])
    for node_id, parent, level, code, title, indicators in (
            (1, None, "part", "1", "加强党的领导", "[]"), (2, 1, "item", "1.1", "学习法治思想", "[]"),
            (3, 1, "item", "1.2", "法治专题讲座",
             json.dumps([{"key": "law_lectures", "name": "讲座次数", "unit": "次", "target": 2}]))):
        conn.execute("INSERT INTO template_node (id, template_id, parent_id, level, code, title, indicators, "
                     "sort_order) VALUES (?, 1, ?, ?, ?, ?, ?, ?)", [node_id, parent, level, code, title,
                                                                    indicators, node_id])
    conn.execute("INSERT INTO unit VALUES (1, '青山镇人民政府', ?)", [AT])
    conn.execute("INSERT INTO ledger (id, unit_id, year, template_id, created_at) VALUES (1, 1, 2025, 1, ?)", [AT])
    log(conn, 1, "ledger", 1, "create", new=json.dumps({"unit_id": 1, "year": 2025, "template_id": 1}))
    for item_id, node, parent, level, code in ((1, 1, None, "part", "1"), (2, 2, 1, "item", "1.1"),
                                               (3, 3, 1, "item", "1.2")):
        conn.execute("INSERT INTO ledger_item (id, ledger_id, node_id, parent_id, level, code, sort_order, "
                     "updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?)", [item_id, node, parent, level, code, item_id, AT])
    conn.execute("UPDATE ledger_item SET progress = '已完成', result = '已落实', owner = '王丽', "
                 "due_date = '2025-06-30' WHERE id = 2")
    log(conn, 1, "ledger_item", 2, "update", "progress", "未开始", "已完成")
    log(conn, 1, "ledger_item", 2, "update", "owner", "", "王丽")
    conn.execute("INSERT INTO indicator_value VALUES (3, 'law_lectures', 2)")
    log(conn, 1, "ledger_item", 3, "update", "indicator:law_lectures", None, "2")
    conn.execute("INSERT INTO evidence VALUES (1, 1, '2025-03-02', '中心组学法纪要', '会议纪要/记录', '学习民法典', ?, ?)",
                 [AT, AT])
    conn.execute("INSERT INTO evidence_item VALUES (1, 2)")
    conn.execute("INSERT INTO blob VALUES (?, ?, ?, ?)", [sha("会议纪要.pdf"), len(FILES["会议纪要.pdf"]),
                                                         stored_name("会议纪要.pdf"), AT])
    conn.execute("INSERT INTO attachment (id, evidence_id, sha256, original_name, size, media_type, added_at) "
                 "VALUES (1, 1, ?, '会议纪要.pdf', ?, 'application/pdf', ?)", [sha("会议纪要.pdf"),
                                                                            len(FILES["会议纪要.pdf"]), AT])
    log(conn, 1, "evidence", 1, "create", new=json.dumps({"title": "中心组学法纪要", "item_ids": [2]},
                                                          ensure_ascii=False))
    log(conn, 1, "evidence", 1, "update", "attachment", None, f"会议纪要.pdf ({sha('会议纪要.pdf')[:12]})")
    # a deleted entry (id 2): its file went to the trash, its snapshot stays in the change log
    conn.execute("UPDATE sqlite_sequence SET seq = 2 WHERE name = 'evidence'")
    snapshot = {"formed_on": "2025-04-01", "title": "误删的签到表", "kind": "培训签到表", "description": "",
                "item_ids": [3], "attachments": [{"id": 2, "evidence_id": 2, "sha256": sha("签到表.jpg"),
                                                  "original_name": "签到表.jpg", "size": len(FILES["签到表.jpg"]),
                                                  "media_type": "image/jpeg"}]}
    log(conn, 1, "evidence", 2, "delete", old=json.dumps(snapshot, ensure_ascii=False))
    conn.execute("INSERT INTO setting VALUES ('registers.targets', ?)", [json.dumps({"law_lectures": 3})])
    log(conn, None, "setting", None, "update", "registers.targets", None, json.dumps({"law_lectures": 3}))


def fill_v2(conn) -> None:
    stamp = [AT, AT]
    conn.execute("INSERT INTO legality_review (id, ledger_id, category, title, received_on, time_limit_days, "
                 "reviewer, created_at, updated_at) VALUES (1, 1, '行政规范性文件', '奖补办法', '2025-03-01', 7, "
                 "'李强', ?, ?)", stamp)
    conn.execute("INSERT INTO enforcement_case (id, ledger_id, case_no, kind, title, decision_on, is_major, "
                 "legality_review_id, publicity_days, created_at, updated_at) VALUES (1, 1, '〔2025〕1号', '处罚', "
                 "'占道经营', '2025-03-05', 1, 1, 7, ?, ?)", stamp)
    conn.execute("INSERT INTO adviser (id, ledger_id, name, adviser_type, created_at, updated_at) "
                 "VALUES (1, 1, '张明', '政府法律顾问', ?, ?)", stamp)
    conn.execute("INSERT INTO adviser_service (id, ledger_id, served_on, adviser_id, kind, served_party, unit, "
                 "created_at, updated_at) VALUES (1, 1, '2025-03-03', 1, '法律咨询', '群众', '人次', ?, ?)", stamp)
    conn.execute("INSERT INTO training (id, ledger_id, kind, held_on, topic, hours, created_at, updated_at) "
                 "VALUES (1, 1, '法治专题讲座', '2025-03-04', '民法典', 3, ?, ?)", stamp)
    conn.execute("INSERT INTO enforcement_officer (id, ledger_id, name, created_at, updated_at) "
                 "VALUES (1, 1, '赵敏', ?, ?)", stamp)
    conn.execute("INSERT INTO training_attendance VALUES (1, 1, 3)")
    conn.execute("INSERT INTO register_item_link VALUES ('training', 1, 3)")
    conn.execute("INSERT INTO register_evidence VALUES ('training', 1, 1)")
    log(conn, 1, "legality_review", 1, "create", new=json.dumps({"title": "奖补办法"}, ensure_ascii=False))
    log(conn, 1, "legality_review", 1, "update", "reviewer", "", "李强")
    log(conn, 1, "training", 1, "update", "evidence", None, "1")


def fill_v3(conn) -> None:
    conn.execute("UPDATE ledger SET locked_at = '2025-12-20T16:00:00', locked_by = '张三' WHERE id = 1")
    conn.execute("INSERT INTO ledger_seal (id, ledger_id, locked_at, locked_by, note, content_sha256, "
                 "snapshot_path, snapshot_sha256, backup_name, unlocked_at, unlocked_by, unlock_reason) VALUES "
                 "(1, 1, '2025-12-01T10:00:00', '张三', '', 'abc', '', '', '', '2025-12-02T10:00:00', '李四', "
                 "'补充材料'), (2, 1, '2025-12-20T16:00:00', '张三', '已报送', 'def', '', '', '', NULL, NULL, NULL)")
    log(conn, 1, "ledger", 1, "lock", new=json.dumps({"locked_by": "张三", "note": "已报送"}, ensure_ascii=False))


def build(version: int) -> Path:
    target = HERE / f"schema_v{version}.sqlite"
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    for number in range(1, version + 1):
        [script] = MIGRATIONS.glob(f"{number:04d}_*.sql")
        conn.executescript(script.read_text(encoding="utf-8"))
    conn.execute("BEGIN")
    for fill in (fill_v1, fill_v2, fill_v3)[:version]:
        fill(conn)
    conn.execute("COMMIT")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("VACUUM")
    conn.close()
    return target


if __name__ == "__main__":
    write_files()
    for number in (1, 2, 3):
        print(build(number), file=sys.stdout)
