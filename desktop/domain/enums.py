"""The fixed vocabularies of the ledger (Chinese values are stored as they are shown)."""

PROGRESS = ("未开始", "推进中", "待审核", "已完成")
PROGRESS_DONE = "已完成"

RESULTS = ("未评估", "已落实", "部分落实", "未落实", "不适用")
RESULT_NOT_APPLICABLE = "不适用"

APPLICABILITY = ("适用", "部分适用", "不适用")

EVIDENCE_KINDS = (
    "制度文件",
    "会议纪要/记录",
    "工作台账",
    "公示截图/链接",
    "培训签到表",
    "审查意见书",
    "案卷",
    "报告报表",
    "合同/聘书",
    "照片音像",
    "其他",
)

LEVEL_PART = "part"
LEVEL_ITEM = "item"
LEVEL_CHILD = "child"
