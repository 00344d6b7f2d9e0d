"""The read path's hand-written kernels against the libraries they replace: CSR building (SciPy), first-appearance
codes (pandas.factorize) and the integer edge-list parser (Python's int and str)."""

from __future__ import annotations

import numba as nb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from inroads.kernels import edges as edges_module
from inroads.kernels.edges import build_csr, dense_first_appearance
from inroads.kernels.parse import parse_int_pairs

edges = st.lists(
    st.tuples(st.integers(0, 15), st.integers(0, 15), st.floats(0.125, 8, allow_nan=False)), min_size=0, max_size=60
)


def reference_csr(src, dst, w, n, *, directed, merge_min):
    """SciPy sums duplicates; the minimum comes from a dict. Loops dropped, both directions when undirected."""
    keep = src != dst
    src, dst, w = src[keep], dst[keep], w[keep]
    if not directed:
        src, dst, w = np.concatenate([src, dst]), np.concatenate([dst, src]), np.concatenate([w, w])
    if not merge_min:
        matrix = sparse.csr_array((w, (src, dst)), shape=(n, n))
        matrix.sum_duplicates()
        return matrix.indptr, matrix.indices, matrix.data
    best: dict = {}
    for a, b, x in zip(src.tolist(), dst.tolist(), w.tolist(), strict=True):
        best[(a, b)] = min(best.get((a, b), x), x)
    keys = sorted(best)
    indptr = np.searchsorted([a for a, _ in keys], np.arange(n + 1), side="left")
    return indptr, np.array([b for _, b in keys]), np.array([best[k] for k in keys])


@settings(max_examples=150, deadline=None)
@given(edges=edges, directed=st.booleans(), merge_min=st.booleans(), weighted=st.booleans())
def test_build_csr_matches_scipy(edges, directed, merge_min, weighted):
    n = 16
    src = np.array([u for u, _, _ in edges], dtype=np.int64)
    dst = np.array([v for _, v, _ in edges], dtype=np.int64)
    w = np.array([x for *_, x in edges], dtype=np.float64)
    indptr, indices, weights, loops, merged = build_csr(
        src, dst, w if weighted else None, n, directed=directed, merge_min=merge_min
    )
    ref_indptr, ref_indices, ref_weights = reference_csr(src, dst, w, n, directed=directed, merge_min=merge_min)
    assert indptr.tolist() == list(ref_indptr) and indices.tolist() == list(ref_indices)
    if weighted:
        np.testing.assert_allclose(weights, ref_weights, rtol=1e-12)
    else:
        assert weights is None
    assert loops == int((src == dst).sum())
    pairs = {(a, b) if directed else (min(a, b), max(a, b)) for a, b in zip(src.tolist(), dst.tolist(), strict=True)}
    assert merged == len(edges) - loops - len({p for p in pairs if p[0] != p[1]})


def test_build_csr_is_the_same_on_any_number_of_threads():
    """Blocks of edges per thread, yet duplicates sum in input order: bit-identical weights on 1 and 2 threads."""
    rng = np.random.default_rng(3)
    src, dst = rng.integers(0, 300, 20_000), rng.integers(0, 300, 20_000)
    w = rng.random(20_000) * 1e3 + 1e-3
    before = nb.get_num_threads()
    try:
        nb.set_num_threads(1)
        one = build_csr(src, dst, w, 300, directed=False)
        nb.set_num_threads(min(2, nb.config.NUMBA_NUM_THREADS))
        two = build_csr(src, dst, w, 300, directed=False)
    finally:
        nb.set_num_threads(before)
    for a, b in zip(one[:3], two[:3], strict=True):
        assert np.array_equal(a, b)
    ref = reference_csr(src, dst, w, 300, directed=False, merge_min=False)
    np.testing.assert_allclose(one[2], ref[2], rtol=1e-12)


@pytest.mark.parametrize(("partition_entries", "narrow_key_bits"), [(8, 32), (1 << 12, 0), (1, 0)])
def test_build_csr_over_many_partitions_and_wide_keys(monkeypatch, partition_entries, narrow_key_bits):
    """Tiny partitions (many boundaries, gaps closed after merges) and uint64 keys, against the reference."""
    monkeypatch.setattr(edges_module, "_PARTITION_ENTRIES", partition_entries)
    monkeypatch.setattr(edges_module, "_NARROW_KEY_BITS", narrow_key_bits)
    rng = np.random.default_rng(11)
    for _ in range(12):
        n, m = int(rng.integers(1, 2_000)), int(rng.integers(0, 6_000))
        src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
        src[: m // 10], dst[: m // 10] = dst[m // 5 : m // 5 + m // 10], src[m // 5 : m // 5 + m // 10]  # b-a of a-b
        w = rng.random(m) * 10 + 0.01
        for directed in (False, True):
            for merge_min in (False, True):
                indptr, indices, weights, loops, _ = build_csr(src, dst, w, n, directed=directed, merge_min=merge_min)
                ref = reference_csr(src, dst, w, n, directed=directed, merge_min=merge_min)
                assert np.array_equal(indptr, ref[0]) and np.array_equal(indices, ref[1])
                np.testing.assert_allclose(weights, ref[2], rtol=1e-12)
                assert loops == int((src == dst).sum())


def test_build_csr_refuses_endpoints_outside_the_nodes():
    for src, dst, n in (([0, 3], [1, 1], 3), ([0, -1], [1, 1], 3), ([0], [1], 0)):
        with pytest.raises(ValueError, match=r"outside 0\.\.n-1"):
            build_csr(np.array(src), np.array(dst), None, n, directed=False)


@settings(max_examples=100, deadline=None)
@given(pairs=st.lists(st.tuples(st.integers(-5, 10**6), st.integers(0, 40)), min_size=1, max_size=50))
def test_dense_codes_equal_factorize(pairs):
    source = np.array([a for a, _ in pairs], dtype=np.int64)
    target = np.array([b for _, b in pairs], dtype=np.int64)
    dense = dense_first_appearance(source, target)
    interleaved = np.column_stack([source, target]).ravel()
    codes, uniques = pd.factorize(interleaved)
    if dense is None:  # ids spread far wider than the edges: the reader hashes instead
        assert interleaved.max() - interleaved.min() + 1 > 4 * len(pairs) + 4096
        return
    s, t, ids = dense
    assert s.tolist() == codes[0::2].tolist() and t.tolist() == codes[1::2].tolist()
    assert ids.tolist() == uniques.tolist()


tokens = st.one_of(
    st.integers(0, 10**18 - 1).map(str),
    st.sampled_from(["007", "-3", "+4", "1.0", "", " 5", "x", '"6"', "10000000000000000000"]),
)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(tokens, tokens), min_size=1, max_size=30),
    delimiter=st.sampled_from([",", "\t", " "]),
    crlf=st.booleans(),
    final_newline=st.booleans(),
)
def test_parser_reads_canonical_ints_and_declines_the_rest(rows, delimiter, crlf, final_newline):
    end = "\r\n" if crlf else "\n"
    body = end.join(f"{a}{delimiter}{b}" for a, b in rows) + (end if final_newline else "")
    parsed = parse_int_pairs(body.encode(), delimiter.encode())
    canonical = all(x.isdigit() and str(int(x)) == x and len(x) <= 18 for row in rows for x in row)
    if not canonical:
        assert parsed is None
        return
    assert parsed is not None
    assert parsed[0].tolist() == [int(a) for a, _ in rows] and parsed[1].tolist() == [int(b) for _, b in rows]


short_tokens = st.one_of(
    st.integers(0, 10**9).map(str),  # 1..10 digits: both sides of the word-at-a-time path's 7-digit limit
    st.sampled_from(["0", "07", "00", "-3", "1.0", "", "x", "12a"]),
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(short_tokens, short_tokens), min_size=1, max_size=120),
    crlf=st.booleans(),
    final_newline=st.booleans(),
    blank_after=st.integers(-1, 130),
)
def test_word_at_a_time_path_agrees_with_python(rows, crlf, final_newline, blank_after):
    """Many short lines (the fast path's case), a few long or malformed ids, an optional blank line: the values of
    Python's int, or a decline, never a wrong number."""
    end = "\r\n" if crlf else "\n"
    lines = [f"{a},{b}" for a, b in rows]
    if 0 <= blank_after < len(lines):
        lines.insert(blank_after, "")
    body = end.join(lines) + (end if final_newline else "")
    parsed = parse_int_pairs(body.encode(), b",")
    canonical = blank_after < 0 or blank_after >= len(rows)
    canonical = canonical and all(x.isdigit() and str(int(x)) == x for row in rows for x in row)
    if not canonical:
        assert parsed is None
        return
    assert parsed is not None
    assert parsed.sources.tolist() == [int(a) for a, _ in rows] and parsed.targets.tolist() == [int(b) for _, b in rows]
    assert (parsed.low, parsed.high) == (min(map(int, sum(rows, ()))), max(map(int, sum(rows, ()))))


def test_parser_output_is_int32_unless_an_id_needs_more():
    small = parse_int_pairs(b"1,2147483647\n", b",")
    large = parse_int_pairs(b"1,2147483648\n5,6\n", b",")
    assert small is not None and small.sources.dtype == np.int32
    assert large is not None and large.sources.dtype == np.int64 and large.targets.tolist() == [2147483648, 6]


def test_parser_splits_a_large_body_into_chunks_without_losing_a_line():
    rng = np.random.default_rng(5)
    u, v = rng.integers(0, 10**9, 400_000), rng.integers(0, 10, 400_000)
    body = "".join(f"{a},{b}\n" for a, b in zip(u.tolist(), v.tolist(), strict=True)).encode()
    assert len(body) > 4 << 20  # several chunks
    parsed = parse_int_pairs(body, b",")
    assert parsed is not None
    assert np.array_equal(parsed[0], u) and np.array_equal(parsed[1], v)
    broken = body[: len(body) // 2] + b"007,1\n" + body[len(body) // 2 :]
    assert parse_int_pairs(broken, b",") is None


@pytest.mark.parametrize("text", ["1,2\n2,3\n3,1\n", "7,9\r\n9,12\r\n", "0,1\n1,2"])
def test_reader_fast_path_equals_the_general_reader(tmp_path, text):
    """Same file with and without the fast path: a quoted copy of the ids must take the general reader."""
    from inroads.io import read

    fast = tmp_path / "fast.csv"
    fast.write_text(text, newline="")
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(
        "".join(f'"{a}","{b}"\n' for a, b in (line.split(",") for line in text.replace("\r", "").split())),
        newline="",
    )
    g, h = read(fast), read(quoted)
    assert g.ids.tolist() == h.ids.tolist()
    assert np.array_equal(g.indptr, h.indptr) and np.array_equal(g.indices, h.indices)


weights_text = st.one_of(
    st.floats(0.001, 1e6, allow_nan=False).map(repr),
    st.integers(1, 10**6).map(str),
    st.sampled_from(["0", "-1", "x", " 2", "1e3", "", "2,5", "nan", "1.5 "]),
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 60), weights_text), min_size=1, max_size=40),
    crlf=st.booleans(),
    distance=st.booleans(),
)
def test_weighted_fast_path_gives_the_graph_of_the_general_reader(tmp_path_factory, rows, crlf, distance):
    """``u,v,w`` files read with the parser's third column and with the parser switched off: the same graph (ids,
    CSR, weights) or the same clean error (naming the same line)."""
    from unittest import mock

    from inroads.errors import InputError, OptionError
    from inroads.io import delimited, read

    end = "\r\n" if crlf else "\n"
    path = tmp_path_factory.mktemp("weighted") / "edges.csv"
    path.write_bytes(end.join(f"{a},{b},{w}" for a, b, w in rows).encode() + end.encode())
    option = {"distance": "3"} if distance else {"strength": "weight"}

    def outcome():
        try:
            g = read(path, format="csv", **option)
        except (InputError, OptionError) as error:  # OptionError: a first row taken for a header names no "weight"
            return str(error)
        return g.ids.tolist(), g.indptr.tolist(), g.indices.tolist(), g.weights.tolist()

    fast = outcome()
    with mock.patch.object(delimited, "parse_int_pairs", lambda *_, **__: None):
        general = outcome()
    assert fast == general


def test_third_column_text_on_both_paths():
    """Short ids take the word-at-a-time path, long ones the byte loop: both keep the third field's exact text."""
    body = b"1,2,0.5\r\n3,4,7\r\n12345678901,5,1e-3\r\n6,7,x y\r\n"
    parsed = parse_int_pairs(body, b",", third=True)
    assert parsed is not None and parsed.third is not None
    assert parsed.third.to_pylist() == ["0.5", "7", "1e-3", "x y"]
    assert parsed.sources.tolist() == [1, 3, 12345678901, 6]
    for bad in (b"1,2,3,4\n", b"1,2,\n", b"1,2\n", b"1,2,3\r\n4,5,6\n"):
        assert parse_int_pairs(bad * 4, b",", third=True) is None
