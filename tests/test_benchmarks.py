"""The benchmarks still run against today's services (a renamed return value broke one unnoticed): each at
a tiny size, its figures read back. Speed itself is measured by the benchmarks, never here."""

from benchmarks import handover_bench, register_import_bench


def test_the_binder_benchmark_builds_its_ledger_and_zips_every_file():
    found = handover_bench.bench_binder(files=20, megabytes=1)
    assert found["files"] == 20 and found["megabytes"] == 1 and found["peak_mb"] > 0  # times round to 0 here


def test_the_register_import_benchmark_adds_every_row():
    found = register_import_bench.measure(30)
    assert found["rows"] == 30 and "per_1000_rows_s" in found


def test_the_report_benchmark_writes_the_large_ledgers_report_and_its_floor():
    found = handover_bench.bench_report(rounds=1)
    assert found["paragraphs"] > 10 and found["rounds"] == 1 and "render_ratio" in found
