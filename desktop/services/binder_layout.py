"""Where each file goes in the evidence binder: one folder per ledger item with files (`5.6.2 重大执法决定法制审核/`),
files named 形成日期_标题.ext, unique per folder (as Windows compares names: case folded), safe for Windows
(the files rules of desktop/domain/files), and short enough that the binder unpacked into a folder of up to
UNPACK_ROOM characters stays within MAX_PATH (counted as Windows does, in UTF-16 code units)."""

from dataclasses import dataclass

from desktop.domain.files import (
    component_name,
    display_name,
    extension,
    is_refused,
    shortened,
    utf16_cut,
    utf16_len,
)
from desktop.services.snapshot import EvidenceEntry, File, Item, LedgerSnapshot

MAX_PATH = 240
UNPACK_ROOM = 90  # C:\Users\某某\Desktop\示范镇2025年度佐证材料包\ and some
MAX_IN_BINDER = MAX_PATH - UNPACK_ROOM
FOLDER_MAX = 50
UNSAFE_IN_LINKS = str.maketrans({"#": "_", "%": "_"})  # a hyperlink reads # as an anchor, % as an escape


@dataclass(frozen=True)
class Placed:
    """One file of one evidence entry in one item's folder."""

    item: Item
    entry: EvidenceEntry
    file: File
    path: str  # inside the binder, "/"-separated


def clean(name: str) -> str:
    return component_name(name.translate(UNSAFE_IN_LINKS))


def folder_name(item: Item) -> str:
    return shortened(clean(f"{item.code} {item.title}"), FOLDER_MAX).rstrip(" .")


def _file_name(entry: EvidenceEntry, file: File, several: bool) -> tuple[str, str]:
    """(stem, extension): 2025-03-01_党委会会议纪要, its original name's stem added when the entry has several."""
    ext = extension(display_name(file.name))
    stem = f"{entry.formed_on.isoformat()}_{entry.title}"
    if several:
        original = display_name(file.name)
        stem += "_" + (original[: -len(ext) - 1] if ext else original)
    return clean(stem), ext


def _unique(folder: str, stem: str, ext: str, taken: set[str]) -> str:
    room = MAX_IN_BINDER - utf16_len(folder) - 1 - (len(ext) + 1 if ext else 0) - 4  # 4: room for _999
    stem = utf16_cut(stem, max(room, 8)).rstrip(" .")
    if folder and not ext and is_refused(stem):  # a file without type, titled "说明.exe": never a program
        stem = utf16_cut(stem, max(room, 8) - 1) + "_"
    name, number = stem, 1
    while (f"{name}.{ext}" if ext else name).casefold() in taken:
        number += 1
        name = f"{stem}_{number}"
    full = f"{name}.{ext}" if ext else name
    taken.add(full.casefold())
    return full


def proving_items(snap: LedgerSnapshot, entry: EvidenceEntry) -> list[int]:
    """The items an entry's files prove: its own links, and those of the register entries it is filed under."""
    found = dict.fromkeys(entry.item_ids)
    for entity, entry_id in entry.documents:
        register_entry = snap.entry(entity, entry_id)
        if register_entry is not None:
            found.update(dict.fromkeys(register_entry.item_ids))
    return list(found)


def place(snap: LedgerSnapshot) -> list[Placed]:
    """Every file in every item folder, in checklist order; items without files get no folder."""
    per_item: dict[int, list[EvidenceEntry]] = {}
    for entry in snap.evidence:
        if entry.files:
            for item_id in proving_items(snap, entry):
                per_item.setdefault(item_id, []).append(entry)
    placed, folders_taken = [], set()
    for item in snap.items:
        entries = per_item.get(item.id)
        if not entries:
            continue
        folder = _unique("", folder_name(item), "", folders_taken)
        taken: set[str] = set()
        for entry in entries:
            for file in entry.files:
                stem, ext = _file_name(entry, file, len(entry.files) > 1)
                placed.append(Placed(item, entry, file, f"{folder}/{_unique(folder, stem, ext, taken)}"))
    return placed
