"""普法活动: the township's law-popularisation events with their 场次 (one entry each) and 人次 (纲要（三十五）;
谁执法谁普法: 纲要（十六）) — the figures the annual reports quote."""

from dataclasses import dataclass
from datetime import date

from desktop.domain.registers.entries import ENTRY_CLASSES, PUBLICITY, _f

PUBLICITY_KINDS = ("大型普法活动", "法律进村(社区)", "法治宣传进企业", "以案释法", "宪法/民法典宣传", "其他")


@dataclass(frozen=True)
class LawPublicity:
    id: int | None = None
    ledger_id: int = 0
    held_on: date | None = _f(PUBLICITY, "held_on", "date", required=True, not_future=True)
    kind: str = _f(PUBLICITY, "kind", "choice", required=True, choices=PUBLICITY_KINDS)
    title: str = _f(PUBLICITY, "title", required=True)
    place: str = _f(PUBLICITY, "place")
    organizer: str = _f(PUBLICITY, "organizer")
    quantity: int = _f(PUBLICITY, "quantity", "int", default=0, low=0, high=1000000)
    note: str = _f(PUBLICITY, "note", "text")
    item_ids: tuple[int, ...] = ()

    @property
    def display_date(self) -> date | None:
        return self.held_on

    @property
    def display_title(self) -> str:
        return self.title


ENTRY_CLASSES[PUBLICITY] = LawPublicity
