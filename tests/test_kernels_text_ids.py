"""Text ids numbered straight from the bytes: the same codes and ids as a Python dict, the same graph as the general
(Arrow) reader, on any thread count; everything unusual declines to that reader."""

from __future__ import annotations

from unittest import mock

import numba as nb
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inroads.errors import InputError
from inroads.io import delimited, read
from inroads.kernels.text_ids import encode_text_pairs


def reference(lines: list[tuple[str, str]]) -> tuple[list[int], list[int], list[str]]:
    """First-appearance codes, row by row, source before target."""
    code: dict[str, int] = {}
    for a, b in lines:
        code.setdefault(a, len(code))
        code.setdefault(b, len(code))
    return [code[a] for a, _ in lines], [code[b] for _, b in lines], list(code)


def check(lines: list[tuple[str, str]], *, end: str = "\n", delimiter: str = ",") -> None:
    body = end.join(f"{a}{delimiter}{b}" for a, b in lines).encode() + end.encode()
    found = encode_text_pairs(body, delimiter.encode())
    assert found is not None
    sources, targets, ids = found
    expected = reference(lines)
    assert (sources.tolist(), targets.tolist(), ids.to_pylist()) == expected


def test_ids_alike_in_their_first_16_bytes_stay_apart():
    prefix = "p" * 20
    check([(prefix + "x", prefix + "y"), (prefix + "y", prefix + "x"), (prefix, prefix + "x"), ("é" * 9, "é" * 8)])


def test_ids_whose_hashes_collide_are_told_apart_by_their_bytes():
    """Two 24-byte ids, alike in their first 16 bytes, whose hashes agree in the tag and the slot bits of a small
    table (found by a search over 2**24 such ids): only the comparison of the bytes keeps them apart."""
    a, b = "aaaaaaaaaaaaaaaa005f5023", "aaaaaaaaaaaaaaaa006a2cac"
    check([(a, b), (b, a), (a, a + "z")])


def test_growing_tables_on_one_and_two_threads_give_the_same_numbers():
    rng = np.random.default_rng(2)
    words = [f"id{i}-{'x' * int(k)}" for i, k in enumerate(rng.integers(0, 30, 40_000))]
    picks = rng.integers(0, len(words), (60_000, 2))
    lines = [(words[a], words[b]) for a, b in picks.tolist()]
    before = nb.get_num_threads()
    try:
        for threads in (1, min(2, nb.config.NUMBA_NUM_THREADS)):
            nb.set_num_threads(threads)
            check(lines)
            check(lines, end="\r\n", delimiter="\t")
    finally:
        nb.set_num_threads(before)


@pytest.mark.parametrize(
    "body",
    [
        b"a,b\n# note\nc,d\n",
        b"a,b\n\nc,d\n",
        b"a,b\n c,d\n",
        b'a,"b"\n',
        b"a,b,c\n",
        b"a,\n",
        b"a,b\r\nc,d\n",
        b"a,b\nc\rx,d\n",
        b"a,\xff\xfe\n",
        b"a,\xc2\xa0\n",  # an id that is only a no-break space
        b"a\n",
    ],
)
def test_unusual_files_decline(body):
    assert encode_text_pairs(body, b",") is None


def test_a_final_line_without_newline_and_crlf():
    assert encode_text_pairs(b"a,b\r\nb,c", b",")[2].to_pylist() == ["a", "b", "c"]  # type: ignore[index]
    assert encode_text_pairs(b"a,b\r\nb,c\r", b",")[2].to_pylist() == ["a", "b", "c"]  # type: ignore[index]


clean = st.one_of(
    st.text(alphabet="abé_-.xyz0123456789", min_size=1, max_size=22),
    st.sampled_from(["user" + "1" * 15 + "a", "user" + "1" * 15 + "b", "7", "007", "-3"]),
)
dirty = st.one_of(clean, st.sampled_from(["", " ", "#x", "%", "a b", '"q"', "\u00a0", "x\ty", "b'"]))
# Two files in three hold only plain ids (the kernel's case); the third mixes in what makes it decline.
files = st.one_of(
    st.lists(st.tuples(clean, clean), min_size=1, max_size=25),
    st.lists(st.tuples(clean, clean), min_size=1, max_size=25),
    st.lists(st.tuples(dirty, dirty), min_size=1, max_size=25),
)


@settings(max_examples=200, deadline=None)
@given(
    rows=files,
    delimiter=st.sampled_from([",", "\t", ";"]),
    crlf=st.booleans(),
    trailing=st.sampled_from(["", "\n", "\n\n"]),
)
def test_reader_gives_the_graph_of_the_general_reader(tmp_path_factory, rows, delimiter, crlf, trailing):
    """The same file read with the kernel and with it switched off: the same ids and CSR, or the same clean error."""
    end = "\r\n" if crlf else "\n"
    path = tmp_path_factory.mktemp("text") / "edges.csv"
    path.write_bytes((end.join(f"{a}{delimiter}{b}" for a, b in rows) + trailing.replace("\n", end)).encode())

    def outcome():
        try:
            g = read(path, format="csv")
        except InputError as error:
            return str(error)
        return g.ids.tolist(), g.indptr.tolist(), g.indices.tolist()

    fast = outcome()
    with mock.patch.object(delimited, "encode_text_pairs", lambda *_: None):
        general = outcome()
    assert fast == general
