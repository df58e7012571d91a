"""Torture tests (crash, power loss, hostile input, two writers, starts beside a writer): part of the normal test run with a
small count; `python -m pytest tests/torture --torture-count 500` (or FAZHI_TORTURE_COUNT=500 for a run
from the top folder, where pytest reads options before it finds this file) runs them longer.
FAZHI_TORTURE_SEED repeats a run. The figures are printed at the end of the session."""

import os
import random
from collections import Counter

import pytest

DEFAULT_COUNT = 20
FIGURES = pytest.StashKey[Counter]()
SEED = pytest.StashKey[int]()


def pytest_addoption(parser):
    parser.addoption("--torture-count", type=int, default=None,
                     help=f"kills (and power-loss snapshots) per torture test (default {DEFAULT_COUNT})")


@pytest.fixture(scope="session")
def torture_count(request) -> int:
    try:
        count = request.config.getoption("--torture-count")
    except ValueError:  # the option is registered only when pytest starts in or below tests/torture
        count = None
    return count or int(os.environ.get("FAZHI_TORTURE_COUNT", DEFAULT_COUNT))


@pytest.fixture(scope="session")
def figures(request) -> Counter:
    return request.config.stash.setdefault(FIGURES, Counter())


@pytest.fixture(scope="session")
def torture_seed(request) -> int:
    seed = int(os.environ.get("FAZHI_TORTURE_SEED", random.randrange(1, 10**9)))
    request.config.stash[SEED] = seed
    return seed


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    figures = config.stash.get(FIGURES, None)
    if not figures:
        return
    f = figures
    write = terminalreporter.write_line
    terminalreporter.section("torture figures")
    write(f"seed {config.stash.get(SEED, '-')} (FAZHI_TORTURE_SEED repeats it)")
    write(f"crash: kills run {f['kills']}, kills survived {f['kills_survived']}, "
          f"committed writes verified {f['crash_writes']}, lost writes {f['crash_lost']}, "
          f"corrupt DBs {f['crash_corrupt']}, missing or changed files {f['crash_files']}")
    write(f"power loss: snapshots {f['snapshots']}, torn WAL tails {f['torn_tails']}, "
          f"committed writes verified {f['power_writes']}, lost writes {f['power_lost']}, "
          f"corrupt DBs {f['power_corrupt']}")
    write(f"bad input: tried {f['bad_tried']}, stored safely {f['bad_stored']}, rejected {f['bad_rejected']}, "
          f"escaped the store {f['bad_escaped']}, formula or non-text cells {f['bad_cells']}")
    write(f"two writers: writes {f['pair_writes']} (while a third held the write lock "
          f"{f['pair_lock_held_ms']} ms), 'database is locked' errors {f['pair_locked_errors']}, "
          f"lost writes {f['pair_lost']}")
    write(f"start race: starts {f['start_runs']} (check {f['start_check']}, export {f['start_export']}, "
          f"backup {f['start_backup']}, demo {f['start_demo']}, window {f['start_window']}), "
          f"on a closed database {f['start_closed']}, committed writes verified {f['start_writes']}, "
          f"lost writes {f['start_lost']}, corrupt DBs {f['start_corrupt']}, failed starts {f['start_failed']}")
    write(f"total: lost writes {f['crash_lost'] + f['power_lost'] + f['pair_lost'] + f['start_lost']} (must be 0), "
          f"corrupt DBs {f['crash_corrupt'] + f['power_corrupt'] + f['start_corrupt']} (must be 0)")
