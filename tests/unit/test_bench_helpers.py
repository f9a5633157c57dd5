"""The bench's pure helpers: percentiles, latency matching, the sweep's grid and verdict."""

from __future__ import annotations

from tests.bench.pacing import latencies, percentile
from tests.bench.startup import loaded_at
from tests.bench.sweep import Result, Setting, burst_rate, recommendation, settings_grid


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile(list(reversed(values)), 1.0) == 100.0
    assert percentile([7.0], 0.99) == 7.0


def test_latencies_match_by_key_and_take_the_first_output() -> None:
    inputs = [(b"a", 1_000), (b"b", 2_000), (b"c", 3_000)]
    outputs = [(b"b", 2_500), (b"a", 1_200), (b"a", 9_000), (b"x", 5)]  # a twice, x unknown
    assert sorted(latencies(inputs, outputs)) == [0.2, 0.5]  # c has no output: left out


def test_a_batch_of_one_is_not_swept_over_windows() -> None:
    grid = settings_grid([1, 16], [5, 20])
    assert grid == [Setting(1, 5), Setting(16, 5), Setting(16, 20)]


def _result(m: int, w: int, rate: float, p99: float) -> Result:
    return Result(Setting(m, w), rate, 0.9 * rate, p99 / 2, p99, 100)


def test_recommendation_takes_the_fastest_setting_that_meets_the_goal() -> None:
    results = [
        _result(8, 5, 24.0, 0.7),
        _result(16, 20, 26.0, 1.2),  # faster, but misses p99 <= 1 s
        _result(32, 5, 23.0, 0.9),  # within 5% of the best that meets
        _result(1, 5, 15.0, 0.2),
    ]
    text = recommendation(results, Setting(16, 20))
    assert "WIREDESK_BATCH_MAX=8 WIREDESK_BATCH_WINDOW_MS=5" in text
    assert "within 5% of it: max  32, window   5 ms" in text
    assert "max   1" not in text
    assert "p99 1200 ms (misses the goal)" in text


def test_recommendation_says_when_nothing_meets_the_goal() -> None:
    text = recommendation([_result(16, 20, 26.0, 1.5), _result(8, 5, 22.0, 1.1)], Setting(16, 20))
    assert text.startswith("no setting meets")
    assert "1100 ms with max   8, window   5 ms" in text


def test_loaded_line_is_read_from_the_worker_log() -> None:
    log = (
        "2026-01-02 03:04:05,678 INFO something else\n"
        "2026-01-02 03:04:06,250 INFO wiredesk.stream.worker: model en_x and reference "
        "tables loaded in 2.24s\n"
    )
    found = loaded_at(log)
    assert found is not None
    when, load = found
    assert load == 2.24
    previous = loaded_at("2026-01-02 03:04:05,678 INFO wiredesk.stream.worker: model m and "
                         "reference tables loaded in 1.00s")  # fmt: skip
    assert previous is not None
    assert round(when - previous[0], 3) == 0.572
    assert loaded_at("no such line") is None


def test_burst_rate_runs_from_the_first_input_to_the_last_output() -> None:
    assert burst_rate([1_000, 1_010, 1_020], [1_500, 2_000, 3_000]) == 1.5  # 3 in 2 s
