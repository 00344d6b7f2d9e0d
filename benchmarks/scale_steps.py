"""Time and peak memory of each step of one ``inroads.shortlist`` run, in this process.

``python -m benchmarks.scale_steps FILE.inroads [option=value ...] [--no-closeness]`` prints one line per step:
seconds, the largest resident memory seen while it ran (sampled every 20 ms by a thread reading
``/proc/self/status``) and the resident memory when it ended, then the process's own peak (``VmHWM``). The steps are
the shortlist's own functions (:func:`inroads.influencers._analyse` calls them by name), wrapped for the run;
nothing else changes, except with ``--no-closeness``: everyone's global closeness is then not computed (zeros; the
niche rule does not read it, only the table's ``closeness`` and ``closeness_pct`` columns do), to time the rest
where that step does not finish.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: What is timed: (module, function name) as the shortlist looks them up.
STEPS = (
    ("inroads.influencers_steps", "engine_scores"),
    ("inroads.niches", "leiden_communities"),
    ("inroads.communities_csr", "csr_communities"),
    ("inroads.influencers", "centrality_scores"),
    ("inroads.influencers", "communities_and_niches"),
    ("inroads.influencers", "roles"),
    ("inroads.roles", "niche_closeness"),
    ("inroads.roles", "_embeddedness"),
    ("inroads.influencers", "picks_closeness"),
    ("inroads.influencers", "_select_by_niche"),
    ("inroads.influencers", "_table"),
)


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return float("nan")


class Sampler:
    """The largest resident memory seen since :meth:`reset`, sampled by a daemon thread."""

    def __init__(self, every: float = 0.02) -> None:
        self.peak = 0.0
        self.every = every
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak, _status_mb("VmRSS:"))
            time.sleep(self.every)

    def reset(self) -> None:
        self.peak = _status_mb("VmRSS:")


def timed(sampler: Sampler, rows: list[dict[str, Any]], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        outer = sampler.peak
        sampler.reset()
        start = time.perf_counter()
        result = function(*args, **kwargs)
        seconds = time.perf_counter() - start
        label = f"{name} {args[0]}" if name == "engine_scores" and args else name
        peak = max(sampler.peak, _status_mb("VmRSS:"))
        rows.append(
            {"step": label, "seconds": round(seconds, 2), "peak_mb": round(peak), "end_mb": round(_status_mb("VmRSS:"))}
        )
        print(f"  {label}: {seconds:.2f} s, peak {peak:.0f} MB", file=sys.stderr, flush=True)
        sampler.peak = max(outer, peak)
        return result

    return wrapper


def _without_closeness() -> None:
    import numpy as np

    import inroads.influencers_steps as steps

    engine = steps.engine_scores

    def engine_scores(kind: str, g: Any, *, methods: list[str] | None = None, **options: Any) -> Any:
        if kind == "closeness":
            if methods is not None:
                methods.append("closeness not computed (benchmark)")
            return np.zeros(g.n)
        return engine(kind, g, methods=methods, **options)

    steps.engine_scores = engine_scores


def main(path: str, *, closeness: bool = True, **options: Any) -> list[dict[str, Any]]:
    import importlib

    import inroads

    if not closeness:
        _without_closeness()

    sampler = Sampler()
    rows: list[dict[str, Any]] = []
    for module_name, function_name in STEPS:
        module = importlib.import_module(module_name)
        setattr(module, function_name, timed(sampler, rows, function_name, getattr(module, function_name)))
    read = timed(sampler, rows, "read", inroads.read)
    g = read(Path(path))
    whole = timed(sampler, rows, "shortlist (whole)", inroads.shortlist)
    table = whole(g, **options)
    rows.append(
        {"step": "process peak (VmHWM)", "seconds": None, "peak_mb": round(_status_mb("VmHWM:")), "end_mb": None}
    )
    print("method:", table.attrs.get("method"), file=sys.stderr)
    return rows


if __name__ == "__main__":
    from benchmarks.common import markdown_table

    extra = dict(arg.split("=", 1) for arg in sys.argv[2:] if "=" in arg)
    print(markdown_table(main(sys.argv[1], closeness="--no-closeness" not in sys.argv, **extra)))
