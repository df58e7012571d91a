"""Torture child: what starts beside a running writer. `window` opens the store as the window does
(desktop/ui/application.py: move_damaged, quick_check after the first paint on a worker connection, the
start-up backup); every other kind is the real command line.

    python starter.py window DATA_DIR
    python starter.py cli DATA_DIR ARG...
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def window(data: str) -> int:
    from desktop.services import backup, integrity
    from desktop.store.store import Store

    store = Store(data, move_damaged=True, quick_check_now=False)
    if store.moved_aside:  # the live database taken for a damaged one: the writer's work would be set aside
        print(f"moved aside: {store.moved_aside}", file=sys.stderr)
        return 3
    with store.worker_copy() as worker:
        problems = integrity.quick_problems(worker)
    if problems:
        print(f"quick_check: {problems}", file=sys.stderr)
        return 4
    backup.backup_if_stale(store)
    store.close()
    return 0


def main(argv: list[str]) -> int:
    if argv[0] == "window":
        return window(argv[1])
    from desktop.app import main as cli

    return cli(["--data-dir", argv[1], *argv[2:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
