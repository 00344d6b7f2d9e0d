"""The binary ``.inroads`` format: one file that reloads in milliseconds and can be memory-mapped.

Layout (all integers little-endian)::

    0   8 bytes   magic  b"\\x93INROADS"
    8   uint64    H, the length of the JSON header
    16  H bytes   JSON header: version, directed, weight_kind, meta, and for every array its dtype, shape and offset
    ... zero padding to a multiple of 64, where the data section starts
        arrays, each starting on a 64-byte boundary: indptr, indices, weights, ids and labels (Arrow-style
        UTF-8 data + int64 offsets), and the node table as a Parquet blob

Every array is a raw ``.npy``-compatible buffer (dtype and shape in the header), so a reader maps the file and
views it without copying: Dask workers share one page-cache copy of the graph. Ids stay an Arrow array over the
mapped bytes until the graph's ids are first read (:mod:`inroads.node_ids`); labels become Python strings on load.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from inroads.errors import InputError
from inroads.graph import Graph
from inroads.io.detect import MAGIC
from inroads.node_ids import arrow_strings

__all__ = ["read_inroads", "write_inroads"]

VERSION = 1
_ALIGN = 64


def readable_by_all(path: str | Path) -> None:
    """Give a file made by :func:`tempfile.mkstemp` (mode 0600) the usual mode of new files (0666 less the umask), so
    Dask workers running as other users can read it on shared storage."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def _pad(size: int) -> int:
    return -size % _ALIGN


def _strings(arrow: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(int64 offsets, uint8 UTF-8 data) of an Arrow ``large_string`` array."""
    _, offsets, data = arrow.buffers()
    offsets_arr = np.frombuffer(offsets, dtype=np.int64)[arrow.offset : arrow.offset + len(arrow) + 1]
    data_arr = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    data_arr = data_arr[int(offsets_arr[0]) : int(offsets_arr[-1])]
    return offsets_arr - offsets_arr[0], data_arr


def _parquet(nodes: pd.DataFrame) -> bytes:
    frame = nodes.copy()
    frame.index = frame.index.astype(str)
    frame.columns = [str(c) for c in frame.columns]
    try:
        table = pa.Table.from_pandas(frame, preserve_index=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        # Columns that mix numbers and text (GML attributes do) are stored as text.
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = frame[column].map(lambda v: None if v is None or v != v else str(v))
        table = pa.Table.from_pandas(frame, preserve_index=True)
    import pyarrow.parquet as pq  # here: it loads Arrow's file systems (30-40 ms), which only .inroads files need

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


def write_inroads(g: Graph, path: str | Path) -> Path:
    """Write ``g`` to ``path`` in the ``.inroads`` format, atomically (a temporary file, then a rename).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"])
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "abc.inroads"
    >>> back = read_inroads(write_inroads(g, target))
    >>> back.ids.tolist(), back.indices.tolist(), back.directed
    (['a', 'b', 'c'], [1, 0, 2, 1], False)
    """
    path = Path(path)
    arrays: dict[str, np.ndarray] = {"indptr": g.indptr, "indices": g.indices}
    if g.weights is not None:
        arrays["weights"] = g.weights
    arrays["ids_offsets"], arrays["ids_data"] = _strings(g.arrow_ids())
    if g.labels is not None:
        arrays["labels_offsets"], arrays["labels_data"] = _strings(arrow_strings(g.labels))
    blobs: dict[str, bytes] = {}
    if g.nodes is not None:
        blobs["nodes"] = _parquet(g.nodes)
    layout: dict[str, Any] = {}
    offset = 0
    for name, array in arrays.items():
        layout[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": offset}
        offset += array.nbytes + _pad(array.nbytes)
    for name, blob in blobs.items():
        layout[name] = {"dtype": "|u1", "shape": [len(blob)], "offset": offset, "parquet": True}
        offset += len(blob) + _pad(len(blob))
    header = json.dumps(
        {
            "version": VERSION,
            "directed": g.directed,
            "weight_kind": g.weight_kind,
            "n": g.n,
            # The records' interactions (mail subjects, meetings) stay with the records: a graph file holds the graph.
            "meta": {key: value for key, value in g.meta.items() if key != "record_events"},
            "arrays": layout,
        },
        default=str,
    ).encode()
    start = 16 + len(header)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + struct.pack("<Q", len(header)) + header + b"\0" * _pad(start))
            for array in arrays.values():
                out.write(np.ascontiguousarray(array).data)
                out.write(b"\0" * _pad(array.nbytes))
            for blob in blobs.values():
                out.write(blob + b"\0" * _pad(len(blob)))
        readable_by_all(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _arrow(offsets: np.ndarray, data: np.ndarray, where: str) -> pa.Array:
    """A ``large_string`` array over the two mapped buffers (no copy), its offsets checked, since its strings are
    made later and a damaged offset must not get that far."""
    if offsets.size == 0 or offsets[0] != 0 or offsets[-1] != data.size or np.any(offsets[1:] < offsets[:-1]):
        raise InputError("damaged .inroads file (string offsets)", where=where, fix="convert the network again")
    return pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))


def read_inroads(path: str | Path, *, mmap: bool = True) -> Graph:
    """Load a ``.inroads`` file; with ``mmap`` the CSR arrays are read-only views of the mapped file.

    Raises
    ------
    InputError
        When the file is missing, is not an ``.inroads`` file, or is truncated.
    """
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise InputError("file not found", where=where, fix="check the path")
    with path.open("rb") as handle:
        prefix = handle.read(16)
        if len(prefix) < 16 or not prefix.startswith(MAGIC):
            raise InputError(
                "not an .inroads file (wrong magic bytes)", where=where, fix="write it with inroads convert"
            )
        (length,) = struct.unpack("<Q", prefix[8:16])
        try:
            header = json.loads(handle.read(length))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError("damaged .inroads header", where=where, fix="convert the network again") from None
    if header.get("version") != VERSION:
        raise InputError(
            f".inroads version {header.get('version')} (this inroads reads {VERSION})", where=where, fix="convert again"
        )
    start = 16 + length + _pad(16 + length)
    size = path.stat().st_size
    buffer = np.memmap(path, dtype=np.uint8, mode="r") if mmap else np.fromfile(path, dtype=np.uint8)
    arrays: dict[str, np.ndarray] = {}
    nodes = None
    for name, spec in header["arrays"].items():
        dtype = np.dtype(spec["dtype"])
        count = int(np.prod(spec["shape"], dtype=np.int64))
        begin = start + int(spec["offset"])
        end = begin + count * dtype.itemsize
        if end > size:
            raise InputError("truncated .inroads file", where=where, fix="convert the network again")
        view = buffer[begin:end]
        if spec.get("parquet"):
            import pyarrow.parquet as pq  # here, not at import: see _parquet

            nodes = pq.read_table(pa.BufferReader(view.tobytes())).to_pandas()
        else:
            arrays[name] = view.view(dtype).reshape(spec["shape"])
    indptr, indices = arrays["indptr"], arrays["indices"]
    if indptr.shape[0] != header["n"] + 1 or int(indptr[-1]) != indices.shape[0]:
        raise InputError("damaged .inroads file (CSR sizes disagree)", where=where, fix="convert the network again")
    labels = None
    if "labels_offsets" in arrays:
        strings = _arrow(arrays["labels_offsets"], arrays["labels_data"], where)
        labels = np.asarray(strings.to_numpy(zero_copy_only=False))
    meta = dict(header.get("meta", {}))
    return Graph(
        indptr=indptr,
        indices=indices,
        directed=bool(header["directed"]),
        ids=_arrow(arrays["ids_offsets"], arrays["ids_data"], where),
        weights=arrays.get("weights"),
        weight_kind=header.get("weight_kind"),
        labels=labels,
        nodes=nodes,
        meta=meta,
    )
