"""Small work in the interpreter: each kernel's Python twin gives the compiled kernel's bits, and is chosen only when
the work is small and numba is cold."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import numba
import numpy as np
import pytest

from inroads.engine.local import GraphArrays, run_batch
from inroads.graph import Graph
from inroads.kernels import brandes, distances, edges, interpreted
from inroads.kernels.interpreted import SMALL_WORK, choose, jit_started
from tests.conftest import named_graphs


def weighted_directed() -> nx.DiGraph:
    g = nx.gnm_random_graph(40, 160, seed=7, directed=True)
    for u, v, data in g.edges(data=True):
        data["distance"] = 0.25 + ((u * 7 + v * 3) % 5) / 2  # ties of equal length on purpose
    g.add_node(40)  # an isolated person: nothing reaches them, they reach nothing
    return g


def graphs() -> dict[str, Graph]:
    found = {name: Graph.from_networkx(g) for name, g in named_graphs().items()}
    found["lesmis weighted"] = Graph.from_networkx(named_graphs()["lesmis"], distance="distance")
    found["directed weighted"] = Graph.from_networkx(weighted_directed(), distance="distance")
    found["directed"] = Graph.from_networkx(nx.gnm_random_graph(50, 120, seed=1, directed=True))
    found["two parts"] = Graph.from_networkx(nx.disjoint_union(nx.path_graph(5), nx.star_graph(4)))
    return found


GRAPHS = graphs()


@pytest.fixture(autouse=True)
def one_thread():
    """Small work runs on one thread in compiled code (``SERIAL_WORK``), with one work area: so do the twins."""
    previous = numba.get_num_threads()
    numba.set_num_threads(1)
    yield
    numba.set_num_threads(previous)


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("endpoints", [False, True])
def test_betweenness_twin_gives_the_same_bits(name: str, endpoints: bool) -> None:
    arrays = GraphArrays.of(GRAPHS[name])
    sources, target = np.arange(arrays.n, dtype=np.int64), np.ones(arrays.n)
    if arrays.weighted:
        kernel, args = brandes.betweenness_dijkstra, (arrays.indptr, arrays.indices, arrays.lengths)
        tail: tuple = (endpoints, 3, 1, arrays.symmetric)
    else:
        kernel, args, tail = brandes.betweenness_bfs, (arrays.indptr, arrays.indices), (endpoints, 3, 1)
    compiled = kernel(*args, sources, target, *tail)
    twin = interpreted.interpreted(kernel)(*args, sources, target, *tail)
    assert twin.tobytes() == compiled.tobytes()


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_distance_twins_give_the_same_bits(name: str) -> None:
    arrays = GraphArrays.of(GRAPHS[name])
    sources = np.arange(arrays.n, dtype=np.int64)
    target = (np.arange(arrays.n) % 3 != 0).astype(np.float64)  # some targets left out
    if arrays.weighted:
        kernel, args = distances.distance_sums_dijkstra, (arrays.indptr, arrays.indices, arrays.lengths, sources)
        tail: tuple = (target, 2, 1)
    else:
        kernel, args, tail = distances.distance_sums_msbfs, (arrays.indptr, arrays.indices, sources), (target, 1)
    assert interpreted.interpreted(kernel)(*args, *tail).tobytes() == kernel(*args, *tail).tobytes()
    if not arrays.weighted:
        one_by_one = distances.distance_sums_bfs
        expected = one_by_one(arrays.indptr, arrays.indices, sources, target, 2, 1)
        assert interpreted.interpreted(one_by_one)(arrays.indptr, arrays.indices, sources, target, 2, 1).tobytes() == (
            expected.tobytes()
        )


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("merge_min", [False, True])
def test_build_csr_twin_gives_the_same_arrays(monkeypatch, directed: bool, merge_min: bool) -> None:
    rng = np.random.default_rng(5)
    src, dst = rng.integers(0, 30, 200), rng.integers(0, 30, 200)  # duplicates and self-loops included
    weights = rng.random(200)
    compiled = edges.build_csr(src, dst, weights, 30, directed=directed, merge_min=merge_min)
    monkeypatch.setattr(edges, "choose", lambda kernel, work: interpreted.interpreted(kernel))
    twin = edges.build_csr(src, dst, weights, 30, directed=directed, merge_min=merge_min)
    for a, b in zip(compiled, twin, strict=True):
        assert (a.tobytes() == b.tobytes()) if isinstance(a, np.ndarray) else a == b


def test_run_batch_interpreted_equals_compiled(monkeypatch) -> None:
    arrays = GraphArrays.of(GRAPHS["directed weighted"])
    sources = np.arange(arrays.n)
    compiled = [run_batch(kernel, arrays, sources) for kernel in ("betweenness", "distances")]
    monkeypatch.setattr(interpreted, "jit_started", lambda: False)
    used, real = [], interpreted.interpreted
    monkeypatch.setattr(interpreted, "interpreted", lambda kernel: used.append(kernel) or real(kernel))
    twin = [run_batch(kernel, arrays, sources) for kernel in ("betweenness", "distances")]
    assert used == [brandes.betweenness_dijkstra, distances.distance_sums_dijkstra]
    for a, b in zip(compiled, twin, strict=True):
        np.testing.assert_array_equal(a, b)


def test_choose_takes_the_twin_only_for_small_work_while_numba_is_cold(monkeypatch) -> None:
    kernel = brandes.betweenness_bfs
    path = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1], dtype=np.int32)
    kernel(*path, np.arange(3), np.ones(3), False, 1, 1)  # a compiled call: numba is warm from here on
    assert jit_started()  # so the compiled kernel always runs
    assert choose(kernel, 10) is kernel
    monkeypatch.setattr(interpreted, "jit_started", lambda: False)
    assert choose(kernel, SMALL_WORK) is interpreted.interpreted(kernel)
    assert choose(kernel, SMALL_WORK + 1) is kernel


def test_a_small_shortlist_never_starts_numba() -> None:
    """The point of the twins: a fresh process lists 6 of 34 people without numba's compiler (0.4-0.8 s)."""
    code = (
        "import sys\n"
        "from inroads.cli import main\n"
        "from inroads.kernels.interpreted import jit_started\n"
        "try:\n"
        "    main(['shortlist', 'networkx:karate_club', '--size', '6', '--format', 'csv'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('JIT', jit_started())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.strip().splitlines()[-1] == "JIT False"


@pytest.mark.parametrize("third", [False, True])
@pytest.mark.parametrize("crlf", [False, True])
def test_parser_twin_gives_the_same_pairs(monkeypatch, third: bool, crlf: bool) -> None:
    from inroads.kernels import parse

    rng = np.random.default_rng(3)
    end = "\r\n" if crlf else "\n"
    rows = [
        f"{u},{v}" + (f",{w:.3f}" if third else "")
        for u, v, w in zip(*rng.integers(0, 10**6, (2, 300)), rng.random(300), strict=True)
    ]
    body = (end.join(rows) + end).encode()
    compiled = parse.parse_int_pairs(body, b",", third=third)
    monkeypatch.setattr(parse, "choose", lambda kernel, work: interpreted.interpreted(kernel))
    monkeypatch.setattr(interpreted, "jit_started", lambda: False)  # span_strings asks choose itself
    twin = parse.parse_int_pairs(body, b",", third=third)
    assert compiled is not None and twin is not None
    assert (twin.sources.tobytes(), twin.targets.tobytes(), twin.low, twin.high) == (
        compiled.sources.tobytes(), compiled.targets.tobytes(), compiled.low, compiled.high,
    )  # fmt: skip
    assert (twin.third is None) == (not third)
    if third:
        assert twin.third.equals(compiled.third)


def test_parser_twin_declines_what_the_kernel_declines(monkeypatch) -> None:
    from inroads.kernels import parse

    monkeypatch.setattr(parse, "choose", lambda kernel, work: interpreted.interpreted(kernel))
    assert parse.parse_int_pairs(b"1,2\n3,x\n", b",") is None
    assert parse.parse_int_pairs(b"1,2\n3,4\n", b",").sources.tolist() == [1, 3]


def test_dense_codes_twin(monkeypatch) -> None:
    source, target = np.array([7, 9, 3, 7], dtype=np.int64), np.array([3, 7, 12, 12], dtype=np.int64)
    compiled = edges.dense_first_appearance(source, target)
    monkeypatch.setattr(edges, "choose", lambda kernel, work: interpreted.interpreted(kernel))
    twin = edges.dense_first_appearance(source, target)
    assert compiled is not None and twin is not None
    assert [a.tolist() for a in twin] == [a.tolist() for a in compiled]


@pytest.mark.parametrize("name", ["karate", "lesmis", "florentine", "kite"])
def test_group_kernel_twins_give_the_same_results(name: str) -> None:
    from inroads.communities import undirected_csr
    from inroads.kernels import groups
    from inroads.niches import niches

    g = Graph.from_networkx(named_graphs()[name])
    indptr, indices = undirected_csr(g)
    membership = niches(g, niche_size=8).membership.astype(np.int64)
    compiled = groups.group_contacts(indptr, indices, membership)
    twin = (interpreted.interpreted(k) for k in (groups._distinct_counts, groups._fill_groups))
    counts = next(twin)(indptr, indices, membership)
    assert counts.tolist() == np.diff(compiled[0]).tolist()
    rows = np.arange(0, g.n, 3, dtype=np.int64)
    weights = np.ones(g.n)
    for kernel, args in [
        (groups._two_hop_counts, (g.indptr, g.indices, rows, weights, membership)),
        (groups._triangles, (indptr, indices, 3)),
    ]:
        for a, b in zip(
            np.atleast_1d(kernel(*args)), np.atleast_1d(interpreted.interpreted(kernel)(*args)), strict=True
        ):
            np.testing.assert_array_equal(a, b)
    masks = np.zeros((membership.max() + 1, 1), dtype=np.uint64)
    ptr, reached, _ = compiled
    for bit, v in enumerate(rows[:5]):
        groups._set_bit(masks, reached[ptr[v] : ptr[v + 1]], bit)
    for v in rows:
        mine = reached[ptr[v] : ptr[v + 1]]
        assert groups._covered_pair_count(mine, masks, -1) == interpreted.interpreted(groups._covered_pair_count)(
            mine, masks, -1
        )


def _text_file(rng: np.random.Generator, rows: int, distinct: int, end: str) -> bytes:
    """An edge list of names: short and long (over the 16 bytes compared word by word), ASCII and not."""
    stems = ["a", "bo", "Zoë", "名前", "x" * 15, "long-name-of-someone-" * 2]
    names = [f"{stems[k % len(stems)]}{k}" for k in range(distinct)]
    pairs = rng.integers(0, distinct, (rows, 2))
    return "".join(f"{names[u]},{names[v]}{end}" for u, v in pairs).encode()


@pytest.mark.parametrize(
    ("rows", "distinct", "end"),
    [(40, 12, "\n"), (300, 200, "\r\n"), (9_000, 9_000, "\n")],  # the last one grows the id table (8,192 slots)
)
def test_text_id_twins_number_ids_as_the_compiled_kernels_do(monkeypatch, rows: int, distinct: int, end: str) -> None:
    from inroads.kernels import text_ids

    body = _text_file(np.random.default_rng(rows), rows, distinct, end)
    compiled = text_ids.encode_text_pairs(body, b",")
    monkeypatch.setattr(interpreted, "jit_started", lambda: False)
    monkeypatch.setattr(interpreted, "SMALL_WORK", 10**9)  # every kernel as its Python twin, whatever the size
    twin = text_ids.encode_text_pairs(body, b",")
    assert compiled is not None and twin is not None
    assert twin[0].tobytes() == compiled[0].tobytes() and twin[1].tobytes() == compiled[1].tobytes()
    assert twin[2].equals(compiled[2])


@pytest.mark.parametrize("body", [b"ann,bo\n# note\n", b"ann,bo,3\n", b'"ann",bo\n', b"ann,bo\n\ncy,dee\n", b"ann\n"])
def test_text_id_twins_decline_what_the_compiled_kernels_decline(monkeypatch, body: bytes) -> None:
    from inroads.kernels import text_ids

    assert text_ids.encode_text_pairs(body, b",") is None
    monkeypatch.setattr(interpreted, "jit_started", lambda: False)
    assert text_ids.encode_text_pairs(body, b",") is None
