"""A large ledger for benchmarks: 600 items, 50,000 evidence entries (~200 chars), 20,000 attachments.

python -m benchmarks.generate DIR
"""

import hashlib
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from desktop.domain.models import Indicator, Template, TemplateNode
from desktop.services import ledgers, templates
from desktop.store.connection import now_text
from desktop.store.operations import new_uid
from desktop.store.store import Store

ITEMS = 600
EVIDENCE = 50_000
ATTACHMENTS = 20_000
HEAVY_ITEM_CODE = "1.1"  # gets exactly 100 evidence entries: the selection benchmark opens it
PHRASES = ("党委理论学习中心组", "法治专题讲座", "合法性审查意见", "行政执法公示", "全过程记录", "法律顾问",
           "重大行政决策", "规范性文件备案", "政务公开", "应急演练", "矛盾纠纷调解", "执法人员培训",
           "民法典宣传", "信访事项办理", "行政复议答复", "案卷评查")
FILLER = "按照县委县政府部署要求，镇党委政府高度重视，及时研究部署，明确责任科室和责任人，认真抓好落实，形成工作台账，" \
         "做到有计划、有记录、有总结，相关材料已整理归档备查。"


def large_template() -> Template:
    per_part = ITEMS // 10
    parts = []
    for p in range(1, 11):
        items = tuple(TemplateNode(level="item", code=f"{p}.{n}", title=f"第{p}部分任务{n}",
                                   obligation="按要求落实并留存佐证材料。", evidence_kinds=("工作台账",),
                                   indicators=(Indicator("count", "件数", "件"),) if n == 1 else ())
                      for n in range(1, per_part + 1))
        parts.append(TemplateNode(level="part", code=str(p), title=f"第{p}部分", children=items))
    return Template(key="bench-600", version="1", name="基准测试清单", source="benchmarks",
                    parts=tuple(parts), content_sha256="bench")


def evidence_text(rng: random.Random) -> tuple[str, str]:
    phrase = rng.choice(PHRASES)
    title = f"{phrase}工作记录（第{rng.randint(1, 400)}号）"
    description = (phrase + FILLER) * 2
    return title, description[:200]


def generate(folder: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    with Store(folder) as store:
        template_id = templates.install(store.db, large_template())
        ledger_id = ledgers.create_ledger(store, "基准镇人民政府", 2025, template_id).result
        items = [i for i in ledgers.load_view(store, ledger_id).items if i.level == "item"]
        heavy = next(i.id for i in items if i.code == HEAVY_ITEM_CODE)
        others = [i.id for i in items if i.id != heavy]
        start, stamp = date(2025, 1, 1), now_text()
        rows, links = [], []
        for n in range(1, EVIDENCE + 1):
            title, description = evidence_text(rng)
            formed = start + timedelta(days=rng.randint(0, 330))
            rows.append({"id": n, "uid": new_uid(), "ledger_id": ledger_id, "formed_on": formed.isoformat(),
                         "title": title, "kind": "工作台账", "description": description, "created_at": stamp,
                         "updated_at": stamp})
            links.append({"evidence_id": n, "ledger_item_id": heavy if n <= 100 else rng.choice(others)})
        blobs, attachments = [], []
        for n in range(1, ATTACHMENTS + 1):
            sha = hashlib.sha256(f"file-{n}".encode()).hexdigest()
            blobs.append({"sha256": sha, "size": 1000 + n, "stored_name": f"{sha}.pdf", "created_at": stamp})
            attachments.append({"uid": new_uid(), "evidence_id": rng.randint(1, EVIDENCE), "sha256": sha,
                                "original_name": f"材料{n}.pdf", "size": 1000 + n, "media_type": "application/pdf",
                                "added_at": stamp})
        with store.db.write():  # one transaction, outside any operation: a generated ledger is not an action
            for table, found in (("evidence", rows), ("evidence_item", links), ("blob", blobs),
                                 ("attachment", attachments)):
                store.db.table(table).insert_all(found, batch_size=1000)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/out/large")
    generate(target)
    print(target)
