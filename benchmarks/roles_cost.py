"""What niches and role figures cost on top of the two centralities (issue 13: at most 25% on snap-ego-Facebook).

Run: ``python benchmarks/roles_cost.py [EDGE_FILE]`` (default ../shared/data/snap-ego-Facebook). Each step runs once
to compile and warm up, then the best of three runs is kept.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from inroads.influencers import _centrality
from inroads.io import read
from inroads.niches import communities_and_niches
from inroads.roles import roles

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "snap-ego-Facebook" / "facebook_combined.txt.gz"


def best(step, repeat: int = 3) -> float:
    step()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    g = read(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
    betweenness = best(lambda: _centrality("betweenness", g, normalized=True))
    closeness = best(lambda: _centrality("closeness", g, wf_improved=True))
    found = communities_and_niches(g)[1]
    niche_time = best(lambda: communities_and_niches(g))
    role_time = best(lambda: roles(g, found.membership))
    base = betweenness + closeness
    print(f"{g!r}: betweenness {betweenness:.2f} s, closeness {closeness:.2f} s; communities + niches "
          f"{niche_time:.2f} s ({found.count} niches), role figures {role_time:.2f} s: "
          f"+{100 * (niche_time + role_time) / base:.0f}% on the two centralities")  # fmt: skip


if __name__ == "__main__":
    main()
