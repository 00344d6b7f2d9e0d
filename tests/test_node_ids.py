"""Ids kept in Arrow until read: the same strings as before, made only when asked for, through every transform."""

from __future__ import annotations

import json
import struct

import numpy as np
import pyarrow as pa
import pytest

from inroads.errors import InputError
from inroads.graph import Graph
from inroads.io import read, read_inroads, write_inroads
from inroads.node_ids import IdsField


def is_lazy(g: Graph) -> bool:
    return isinstance(IdsField.stored(g), pa.Array)


@pytest.fixture
def int_file(tmp_path):
    path = tmp_path / "edges.csv"
    path.write_text("10,3\n3,7\n7,10\n12,3\n100,12\n")
    return path


def test_integer_edge_list_keeps_numbers_until_ids_are_read(int_file):
    g = read(int_file)
    assert is_lazy(g)
    assert g.arrow_ids().to_pylist() == ["10", "3", "7", "12", "100"]
    assert is_lazy(g), "arrow_ids must not make Python strings"
    assert g.ids.tolist() == ["10", "3", "7", "12", "100"]
    assert not is_lazy(g) and g.ids.dtype == object and isinstance(g.ids[0], str)
    assert g.index_of("100") == 4


def test_text_edge_list_keeps_arrow_strings(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("ann,bo\nbo,émile\n")
    g = read(path)
    assert is_lazy(g)
    assert g.ids.tolist() == ["ann", "bo", "émile"]


def test_transforms_keep_the_stored_form_and_the_values(int_file):
    g = read(int_file, directed=True)
    for derived, expected in (
        (g.reverse(), ["10", "3", "7", "12", "100"]),
        (g.with_nodes(None), ["10", "3", "7", "12", "100"]),
        (g.subgraph([1, 3, 4]), ["3", "12", "100"]),
    ):
        assert is_lazy(derived)
        assert derived.ids.tolist() == expected
    assert is_lazy(g), "deriving graphs must not make the parent's strings"


def test_reload_is_lazy_and_equal(int_file, tmp_path):
    g = read(int_file)
    back = read_inroads(write_inroads(g, tmp_path / "g.inroads"))
    assert is_lazy(g) and is_lazy(back)
    assert back.ids.tolist() == g.ids.tolist()
    eager = Graph.from_edges(["a", "b"], ["b", "c"])
    assert not is_lazy(eager)
    assert read_inroads(write_inroads(eager, tmp_path / "e.inroads")).ids.tolist() == ["a", "b", "c"]


def test_ids_cannot_be_assigned(int_file):
    g = read(int_file)
    with pytest.raises(AttributeError):
        g.ids = np.array(["x"], dtype=object)  # type: ignore[misc]


def _damage_offsets(path):
    """Make the last id offset point past the id bytes."""
    data = bytearray(path.read_bytes())
    (length,) = struct.unpack("<Q", data[8:16])
    header = json.loads(data[16 : 16 + length])
    start = 16 + length + (-(16 + length) % 64)
    spec = header["arrays"]["ids_offsets"]
    last = start + spec["offset"] + 8 * (spec["shape"][0] - 1)
    data[last : last + 8] = struct.pack("<q", 10**6)
    path.write_bytes(bytes(data))


def test_damaged_id_offsets_are_a_clean_error(int_file, tmp_path):
    path = write_inroads(read(int_file), tmp_path / "g.inroads")
    _damage_offsets(path)
    with pytest.raises(InputError, match=r"g\.inroads: damaged \.inroads file \(string offsets\)"):
        read(path)
