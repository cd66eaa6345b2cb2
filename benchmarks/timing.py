"""Timing several things side by side: one call of each per round, in turn, so a machine busy
with something else slows them alike and their ratios hold."""

import statistics
import time


def interleaved_samples(measures: dict, repeat: int, *, warm_up: bool = True) -> dict:
    """{label: [milliseconds of each round]} of each callable in ``measures``, ``repeat``
    rounds, after one warm-up call of each."""
    if warm_up:
        for fn in measures.values():
            fn()
    times = {label: [] for label in measures}
    for _ in range(repeat):
        for label, fn in measures.items():
            start = time.perf_counter()
            fn()
            times[label].append((time.perf_counter() - start) * 1000)
    return times


def interleaved(measures: dict, repeat: int) -> dict[str, float]:
    """Median milliseconds of each measure, run in turn ``repeat`` rounds after a warm-up."""
    samples = interleaved_samples(measures, repeat)
    return {label: statistics.median(values) for label, values in samples.items()}
