"""Delimited edge lists: delimiters, headers, comments, line ends, compression, weights; fuzzed with hypothesis."""

from __future__ import annotations

import bz2
import gzip
import lzma

import networkx as nx
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inroads.errors import InroadsError
from inroads.graph import Graph
from inroads.io import read

EXPECTED = {("a", "b"), ("b", "c"), ("a", "c")}


def edge_set(g: Graph) -> set:
    u, v, _ = g.edges()
    pairs = zip(g.ids[u].tolist(), g.ids[v].tolist(), strict=True)
    return {p if g.directed else tuple(sorted(p)) for p in pairs}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("comma.csv", "a,b\nb,c\na,c\n"),
        ("header.csv", "source,target\na,b\nb,c\na,c\n"),
        ("crlf.csv", "source,target\r\na,b\r\nb,c\r\na,c\r\n"),
        ("tabs.tsv", "a\tb\nb\tc\na\tc\n"),
        ("spaces.txt", "a b\nb  c \n  a\tc\n"),
        ("comments.txt", "# made by hand\n% and this\na b\n\n# middle comment\nb c\na c\n"),
        ("semicolon.csv", "a;b\nb;c\na;c\n"),
        ("quoted.csv", '"from","to"\n"a","b"\n"b","c"\n"a","c"\n'),
        ("noext", "a b\nb c\na c\n"),
    ],
)
def test_dialects_read_the_same_edges(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode())
    g = read(path)
    assert edge_set(g) == EXPECTED and not g.directed
    assert g.ids.tolist() == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [
        (".gz", gzip.compress),
        (".bz2", bz2.compress),
        (".xz", lzma.compress),
        (".zst", lambda data: zstandard.ZstdCompressor().compress(data)),
    ],
)
def test_compressed_files(tmp_path, suffix, compress):
    path = tmp_path / f"edges.csv{suffix}"
    path.write_bytes(compress(b"source,target,w\na,b,1\nb,c,2\na,c,3\n"))
    g = read(path, strength="w")
    assert edge_set(g) == EXPECTED and g.meta["format"] == "csv"


def test_ids_stay_strings_as_written(tmp_path):
    path = tmp_path / "zeros.csv"
    path.write_text("007,7\n7,0.50\n")
    assert read(path).ids.tolist() == ["007", "7", "0.50"]


@pytest.mark.parametrize(("text", "ids"), [("1,2\n2,3\n", ["1", "2", "3"]), ("a,b\nb,c\n", ["a", "b", "c"])])
def test_byte_order_mark_is_neither_an_id_nor_a_header(tmp_path, text, ids):
    """Excel's UTF-8 files start with a BOM: the first row is still an edge and the first id has no BOM."""
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    g = read(path)
    assert g.ids.tolist() == ids and g.m == 2


def test_header_detected_from_numbers_below_names(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("alpha,beta\n1,2\n2,3\n")
    g = read(path)
    assert g.ids.tolist() == ["1", "2", "3"]


def test_source_target_and_weight_columns_by_name(tmp_path):
    path = tmp_path / "routes.csv"
    path.write_text("airline,from,to,seats\nX,a,b,100\nY,b,a,50\nZ,b,c,10\n")
    g = read(path, source="from", target="to", strength="seats", directed=True)
    u, v, w = g.edges()
    got = {(g.ids[i], g.ids[j]): x for i, j, x in zip(u, v, w, strict=True)}
    assert got == {("a", "b"): 100.0, ("b", "a"): 50.0, ("b", "c"): 10.0}


def test_columns_by_position_without_header(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("x a b 2\ny b c 4\n")
    g = read(path, source="2", target="3", distance="4")
    assert edge_set(g) == {("a", "b"), ("b", "c")} and g.weights.tolist() == [2.0, 2.0, 4.0, 4.0]


def test_duplicates_merge_strength_sum_and_distance_min(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("u,v,w\na,b,1\nb,a,2\na,a,5\nb,c,3\n")
    strength = read(path, strength="w")
    distance = read(path, distance="w")
    assert strength.meta["duplicates_merged"] == 1 and strength.meta["self_loops_dropped"] == 1
    ab = strength.indptr[0]
    assert strength.weights[ab] == 3.0 and distance.weights[ab] == 1.0
    assert read(path, directed=True).m == 3


def test_snap_double_listing_merges(tmp_path):
    path = tmp_path / "snap.txt"
    path.write_text("# Undirected graph\r\n# FromNodeId\tToNodeId\r\n1\t2\r\n2\t1\r\n2\t3\r\n3\t2\r\n3\t3\r\n")
    g = read(path)
    assert g.m == 2 and g.meta["duplicates_merged"] == 2 and g.meta["self_loops_dropped"] == 1


def test_agrees_with_networkx_read_edgelist(tmp_path):
    graph = nx.gnm_random_graph(200, 900, seed=3)
    path = tmp_path / "rand.txt"
    nx.write_edgelist(graph, path, data=False)
    g = read(path)
    reference = nx.read_edgelist(path)
    assert g.n == reference.number_of_nodes() and g.m == reference.number_of_edges()
    assert edge_set(g) == {tuple(sorted(e)) for e in reference.edges()}


_cell = st.one_of(
    st.text(alphabet="ab1 ,;\t#%\"'\r\n-.x", max_size=6),
    st.sampled_from(["1", "2", "-3", "0", "nan", "1e3", "", "  "]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(_cell, min_size=0, max_size=4), max_size=8),
    sep=st.sampled_from([",", "\t", " "]),
    weighted=st.booleans(),
)
def test_random_text_gives_a_graph_or_a_clean_error(tmp_path, rows, sep, weighted):
    path = tmp_path / "fuzz.csv"
    text = "\n".join(sep.join(row) for row in rows)
    path.write_text(text, encoding="utf-8")
    try:
        g = read(path, strength="3" if weighted else None)
    except InroadsError as error:
        assert str(path) in error.line() or (error.where and error.where.startswith("--"))
        assert "\n" not in error.line()
        return
    assert g.n >= 1 and g.indptr[-1] == g.indices.size
    assert g.m <= len(text.splitlines())  # at most one edge per line


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edges=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=60))
def test_random_edge_lists_match_networkx(tmp_path, edges):
    path = tmp_path / "e.csv"
    path.write_text("".join(f"{u},{v}\n" for u, v in edges))
    g = read(path)
    reference = nx.Graph((str(u), str(v)) for u, v in edges if u != v)
    assert edge_set(g) == {tuple(sorted(e)) for e in reference.edges()}
    assert g.meta["self_loops_dropped"] == sum(u == v for u, v in edges)
