"""Tabs whose page is built when first shown: the register pages stay out of start-up."""

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

# entity → tab title; register_specs takes its titles from here (one source)
REGISTER_TABS = {"legality_review": "合法性审查", "enforcement_case": "行政执法案件", "adviser": "法律顾问",
                 "adviser_service": "顾问服务", "training": "学法培训", "enforcement_officer": "执法人员",
                 "matter": "复议应诉信访公开", "law_publicity": "普法活动"}


class LazyTab(QWidget):
    def __init__(self, build: Callable[[], QWidget], parent=None):
        super().__init__(parent)
        self._build = build
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.page is None:
            self.page = self._build()
            self._layout.addWidget(self.page)
        return self.page
