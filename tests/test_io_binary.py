"""The .inroads format and the text writers: write, read, equal."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from inroads.errors import InputError
from inroads.graph import Graph
from inroads.io import read, read_inroads, write, write_inroads


def assert_same_graph(a: Graph, b: Graph, *, nodes: bool = True) -> None:
    assert a.directed == b.directed and a.weight_kind == b.weight_kind
    assert a.ids.tolist() == b.ids.tolist()
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert (a.weights is None) == (b.weights is None)
    if a.weights is not None:
        assert np.array_equal(a.weights, b.weights)
    assert (a.labels is None) == (b.labels is None)
    if a.labels is not None:
        assert a.labels.tolist() == b.labels.tolist()
    if nodes and a.nodes is not None:
        pd.testing.assert_frame_equal(a.nodes, b.nodes, check_dtype=False, check_index_type=False)


@pytest.mark.parametrize("name", ["karate", "lesmis", "florentine", "kite"])
@pytest.mark.parametrize("mmap", [True, False])
def test_inroads_round_trip(named, tmp_path, name, mmap):
    weight = "weight" if name in ("karate", "lesmis") else None
    g = Graph.from_networkx(named[name], strength=weight)
    path = write_inroads(g, tmp_path / f"{name}.inroads")
    back = read_inroads(path, mmap=mmap)
    assert_same_graph(g, back)
    assert back.meta["duplicates_merged"] == g.meta["duplicates_merged"]
    assert isinstance(back.indptr, np.memmap) == mmap


def test_round_trip_keeps_labels_node_table_and_direction(tmp_path):
    nodes = pd.DataFrame({"team": ["x", None, "z"], "size": [1, 2, 3]}, index=pd.Index(["a", "b", "é"], name="id"))
    g = Graph.from_edges(["a", "b"], ["b", "é"], directed=True, weights=[0.5, 2.0], weight_kind="distance")
    g = g.with_nodes(nodes, labels=np.array(["Ann", "Bo", "Ève"], dtype=object))
    back = read(write(g, tmp_path / "g.inroads"))
    assert_same_graph(g, back)
    assert back.meta["format"] == "inroads" and back.meta["converted_from"] is None


def test_detected_by_magic_whatever_the_name(tmp_path):
    g = Graph.from_edges(["a"], ["b"])
    write_inroads(g, tmp_path / "g.inroads")
    renamed = tmp_path / "graph.bin"
    (tmp_path / "g.inroads").rename(renamed)
    assert read(renamed).meta["format"] == "inroads"


def test_mapped_arrays_are_read_only(tmp_path):
    back = read_inroads(write_inroads(Graph.from_edges(["a"], ["b"]), tmp_path / "g.inroads"))
    with pytest.raises(ValueError):
        back.indices[0] = 5


def test_truncated_and_foreign_files_are_clean_errors(tmp_path):
    path = write_inroads(Graph.from_edges(["a", "b", "c"], ["b", "c", "a"]), tmp_path / "g.inroads")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 70])
    with pytest.raises(InputError, match=r"g\.inroads: truncated"):
        read(path)
    fake = tmp_path / "fake.inroads"
    fake.write_text("a,b\n")
    with pytest.raises(InputError, match=r"fake\.inroads: not an \.inroads file"):
        read(fake)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".graphml", ".gexf"])
def test_text_writers_round_trip(named, tmp_path, suffix):
    g = Graph.from_networkx(named["lesmis"], strength="weight")
    path = write(g, tmp_path / f"lesmis{suffix}")
    back = read(path, strength="strength")
    assert back.m == g.m and back.n == g.n
    order = back.indices_of(g.ids)
    assert np.array_equal(back.adjacency(weight=True)[order][:, order].toarray(), g.adjacency(weight=True).toarray())


def test_directed_graphml_round_trip_keeps_labels(tmp_path):
    g = Graph.from_edges(["a", "b"], ["b", "c"], directed=True, labels=["A", "B", "C"])
    back = read(write(g, tmp_path / "d.graphml"))
    assert_same_graph(g, back, nodes=False)


def test_unknown_output_format(tmp_path):
    from inroads.errors import OptionError

    with pytest.raises(OptionError, match="cannot write"):
        write(Graph.from_edges(["a"], ["b"]), tmp_path / "g.xlsx")


def test_cli_convert_then_info(tmp_path, capsys):
    from inroads.cli import main

    source = tmp_path / "e.csv"
    source.write_text("u,v,w\na,b,2\nb,c,3\n")
    with pytest.raises(SystemExit) as done:
        main(["convert", str(source), str(tmp_path / "e.inroads"), "--strength", "w"])
    assert done.value.code == 0
    assert "wrote" in capsys.readouterr().err
    g = read(tmp_path / "e.inroads")
    assert g.weight_kind == "strength" and g.weights.tolist() == [2.0, 2.0, 3.0, 3.0]


def test_cli_convert_with_output_option_and_usage_error(tmp_path, capsys):
    from inroads.cli import main

    source = tmp_path / "e.csv"
    source.write_text("a,b\nb,c\n")
    with pytest.raises(SystemExit) as done:
        main(["convert", str(source), "-o", str(tmp_path / "e.graphml")])
    assert done.value.code == 0 and read(tmp_path / "e.graphml").m == 2
    with pytest.raises(SystemExit) as done:
        main(["convert", str(source)])
    assert done.value.code == 2 and "IN OUT" in capsys.readouterr().err


def test_options_fixed_at_conversion_are_refused(tmp_path):
    from inroads.errors import OptionError

    path = write_inroads(Graph.from_edges(["a"], ["b"], weights=[2.0], weight_kind="strength"), tmp_path / "g.inroads")
    assert read(path, directed=False).weight_kind == "strength"
    with pytest.raises(OptionError, match="holds an undirected graph"):
        read(path, directed=True)
    with pytest.raises(OptionError, match="holds strength weights"):
        read(path, strength="w")


@pytest.mark.parametrize("name", ["g.inroads", "g.csv", "g.graphml"])
def test_written_files_get_the_usual_permissions(tmp_path, name):
    import os

    mask = os.umask(0o022)
    try:
        path = write(Graph.from_edges(["a"], ["b"]), tmp_path / name)
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644
