"""Delimited edge lists: CSV, TSV, whitespace-separated, SNAP and KONECT text.

One row per edge: source, target, then optional edge attributes. Python looks only at the first lines (comments,
delimiter, header: :func:`_layout`) and, when something is wrong, walks the file once to name the offending line.
The body is parsed by the first of four strategies that accepts it, fastest first (:func:`read_delimited` chooses):

1. :func:`_read_int_pairs`: two columns of canonical integers (and perhaps a numeric third), parsed and numbered in
   one numba pass on all cores;
2. :func:`_read_text_pairs`: two columns of plain text ids, the same in one numba pass;
3. :func:`_read_arrow_ints`: Arrow's multithreaded CSV reader takes the ids as integers, and a byte count proves no id
   was written in a non-canonical way (``007``, ``+7``);
4. :func:`_read_arrow_text`: Arrow reads the ids as strings, so ``007`` stays ``007``; comment lines inside the body
   are removed first. It accepts every file the others decline, and names bad rows.

Every strategy returns the same :class:`~inroads.io.parsed.Parsed` for the same file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from inroads.errors import InputError, OptionError
from inroads.io.parsed import Parsed, encode_ids, encode_int_ids
from inroads.kernels.parse import parse_int_pairs
from inroads.kernels.text_ids import encode_text_pairs

__all__ = ["read_delimited"]

_COMMENT = (b"#", b"%")
# Words that, found in the first row, mark it as a header even when every column holds names rather than numbers.
_HEADER_WORDS = {
    "source",
    "target",
    "from",
    "to",
    "src",
    "dst",
    "dest",
    "destination",
    "node",
    "node1",
    "node2",
    "id1",
    "id2",
    "id_1",
    "id_2",
    "weight",
    "strength",
    "distance",
    "follower",
    "followed",
    "sender",
    "receiver",
    "user",
    "friend",
    "head",
    "tail",
    "fromnodeid",
    "tonodeid",
    "value",
}
_NUMBER = re.compile(rb"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(line number from 1, line without its end-of-line), lazily."""
    for number, line in enumerate(io.BytesIO(data), start=1):
        yield number, line.rstrip(b"\r\n")


def _is_skipped(line: bytes) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith(_COMMENT)


def _split(line: bytes, delimiter: bytes | None) -> list[bytes]:
    if delimiter is None:
        return line.split()
    return [field.strip().strip(b'"') for field in line.split(delimiter)]


def _sniff_delimiter(line: bytes) -> bytes | None:
    for candidate in (b"\t", b",", b";", b"|"):
        if candidate in line:
            return candidate
    return None  # whitespace


def _looks_like_header(first: list[bytes], second: list[bytes] | None, wanted: set[str]) -> bool:
    if all(_NUMBER.match(field) for field in first):
        return False
    names = {field.decode("utf-8", "replace").strip().lower() for field in first}
    # A number names a column by position, never a header cell.
    if names & {w.lower() for w in wanted if not w.isdigit()}:
        return True
    if names & _HEADER_WORDS and len(names) == len(first):
        return True
    # A column of numbers under a first row that is not a number: that row names the columns.
    if second is not None and len(second) == len(first):
        return any(not _NUMBER.match(a) and _NUMBER.match(b) for a, b in zip(first, second, strict=True))
    return False


def _has_inner_comment(body: bytes) -> bool:
    """Whether a line after the first starts with ``#`` or ``%``: one vectorised pass instead of a regex."""
    raw = np.frombuffer(body, dtype=np.uint8)
    marks = np.flatnonzero((raw[1:] == ord("#")) | (raw[1:] == ord("%")))
    return bool((raw[marks] == ord("\n")).any())


def _whitespace_delimiter(body: bytes) -> bytes | None:
    """The single blank that separates every field, or None when the blanks need folding first."""
    tabs, spaces = b"\t" in body, b" " in body
    if tabs and spaces:
        return None
    blank = b"\t" if tabs else b" "
    if blank * 2 in body or body.startswith(blank) or re.search(rb"\n" + blank + rb"|" + blank + rb"\r?(\n|$)", body):
        return None
    return blank


def _konect_direction(comments: list[bytes]) -> bool | None:
    if not comments:
        return None
    words = comments[0].lstrip(b"%").split()
    if not words:
        return None
    if words[0] in (b"asym",):
        return True
    if words[0] in (b"sym", b"bip"):
        return False
    return None


def _row_line(data: bytes, row: int, *, header: bool) -> int | None:
    """The file line of data row ``row`` (0-based), skipping comments, blank lines and the header."""
    seen = -1 if header else 0
    for number, line in _lines(data):
        if _is_skipped(line):
            continue
        if seen == row:
            return number
        seen += 1
    return None


def _bad_row(data: bytes, delimiter: bytes | None, columns: int) -> tuple[int, int]:
    """(line, column count) of the first data line whose column count is not ``columns``."""
    for number, line in _lines(data):
        stripped = line.strip()
        # Arrow skips only empty lines; a line of blanks is a row unless blanks separate the fields.
        if (not line if delimiter is not None else not stripped) or stripped.startswith(_COMMENT):
            continue
        count = len(_split(line, delimiter))
        if count != columns:
            return number, count
    return 0, columns


def _resolve(name: str | None, names: list[str], default: int, *, option: str, header: bool) -> int:
    if name is None:
        return default
    if name in names:
        return names.index(name)
    if not header and name.isdigit() and 1 <= int(name) <= len(names):
        return int(name) - 1
    hint = ", ".join(names) if header else f"this file has no header: name columns 1..{len(names)}"
    raise OptionError(f"no column {name!r}", where=option, fix=f"columns are: {hint}")


def _parse_table(body: bytes, layout: _Layout, *, text_columns: set[str]) -> pa.Table:
    """``body`` (the layout's, or it without comment lines) as an Arrow table; a row of other width is an
    :class:`InputError` naming its line."""
    names, header, delimiter, data, where = layout.names, layout.header, layout.delimiter, layout.data, layout.where
    try:
        return pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(skip_rows=1 if header else 0, column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter.decode()),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in text_columns}, strings_can_be_null=False
            ),
            # The system allocator hands freed tables back to the OS at once, which keeps the peak of a 10M-edge
            # read low; Arrow's default pool would hold on to them.
            memory_pool=pa.system_memory_pool(),
        )
    except pa.ArrowInvalid as error:
        if "columns" in str(error):
            line, count = _bad_row(data, None if delimiter == b" " else delimiter, len(names))
            what = f"line {line} has {count} column{'s' if count != 1 else ''}" if line else "a row has other columns"
            raise InputError(
                f"{what} where the first row has {len(names)}",
                where=f"{where}:{line}" if line else where,
                fix="give every row the same columns (source, target, then attributes)",
            ) from None
        raise InputError(
            f"cannot parse the file ({error})", where=where, fix="check it is a delimited edge list"
        ) from None


_POWERS = 10 ** np.arange(1, 19, dtype=np.int64)


def _canonical_ints(
    table: pa.Table, id_names: tuple[str, str], body: bytes, header: bool
) -> tuple[np.ndarray, ...] | None:
    """``(sources, targets, ids)`` encoded from integer id columns when Arrow read both as integers *and* the file has
    exactly the bytes of their canonical spelling (so "007" or "+7", which print differently, cannot hide in it);
    else None."""
    columns = [table.column(name) for name in id_names]
    if not all(pa.types.is_int64(column.type) and column.null_count == 0 for column in columns) or table.num_rows == 0:
        return None
    rows = table.num_rows
    sources, targets, uniques = encode_int_ids(columns[0].to_numpy(), columns[1].to_numpy())
    if uniques.min() <= np.iinfo(np.int64).min:
        return None
    # Bytes of every id as written = digits (+ sign) of each distinct id times how often it occurs.
    width = np.searchsorted(_POWERS, np.abs(uniques), side="right") + 1 + (uniques < 0)
    occurrences = np.bincount(sources, minlength=uniques.size) + np.bincount(targets, minlength=uniques.size)
    expected = int(width @ occurrences)
    for name in table.column_names:
        if name not in id_names:  # read as text: count its bytes
            expected += int(pc.sum(pc.binary_length(table.column(name))).as_py() or 0)
    expected += rows * (len(table.column_names) - 1)
    if header:
        expected += body.find(b"\n") + 1
    newline = 2 if b"\r" in body else 1
    expected += rows * newline
    return (sources, targets, pa.array(uniques)) if len(body) in (expected, expected - newline) else None


@dataclass(frozen=True)
class _Layout:
    """What the first lines tell about a file, shared by every parsing strategy."""

    data: bytes  # the whole file (for line numbers in errors)
    body: bytes  # from the first data line (or its header) on: what the strategies parse
    where: str
    format: str
    delimiter: bytes  # one byte; whitespace files are folded to single spaces in ``body`` when needed
    header: bool
    names: list[str]
    s_col: int
    t_col: int
    directed: bool | None

    @property
    def id_names(self) -> tuple[str, str]:
        return self.names[self.s_col], self.names[self.t_col]

    @property
    def line_of(self) -> Callable[[int], int | None]:
        """Data row (0-based) -> file line, for errors found after parsing."""
        return partial(_row_line, self.data, header=self.header)

    def span(self) -> tuple[int, int]:
        """Where the rows of ``body`` lie: after the header, before the trailing line ends (blank lines at the end
        are no rows)."""
        start, stop = self.body.find(b"\n") + 1 if self.header else 0, len(self.body)
        while stop > start and self.body[stop - 1] in b"\r\n":
            stop -= 1
        return start, stop


def _layout(
    data: bytes, *, where: str, format: str, source: str | None, target: str | None, wanted: tuple[str | None, ...]
) -> _Layout:
    """Read the first lines: leading comments, the delimiter, the header, the column names and the id columns."""
    # A UTF-8 byte-order mark (Excel writes one) is not part of the first id, nor a reason to take row 1 for a header.
    data = data.removeprefix(b"\xef\xbb\xbf")
    leading: list[bytes] = []
    first: list[bytes] | None = None
    second: list[bytes] | None = None
    first_line, offset, position = 0, 0, 0
    delimiter: bytes | None = b"," if format == "csv" else (b"\t" if format == "tsv" else None)
    for number, raw in enumerate(io.BytesIO(data), start=1):
        line = raw.rstrip(b"\r\n")
        position += len(raw)
        if _is_skipped(line):
            if first is None:
                offset = position
                if line.strip():
                    leading.append(line.strip())
            continue
        if first is None:
            if format != "tsv":
                delimiter = _sniff_delimiter(line)
            first, first_line = _split(line, delimiter), number
            continue
        second = _split(line, delimiter)
        break
    if first is None:
        raise InputError("the file holds no edges (it is empty or only comments)", where=where, fix="check the file")
    if len(first) < 2:
        raise InputError(
            f"line {first_line} has one column; an edge needs a source and a target",
            where=f"{where}:{first_line}",
            fix="separate the two ids with a comma, tab or space",
        )
    body = data[offset:]
    if delimiter is None:
        delimiter = _whitespace_delimiter(body)
        if delimiter is None:
            # Arrow splits on one character: fold runs of blanks and trim line ends so "a  b " reads as "a b".
            body = re.sub(rb"[ \t]+", b" ", body)
            body = re.sub(rb"(?m)^ | (?=\r?$)", b"", body)
            delimiter = b" "

    want = {w for w in (source, target, *wanted) if w}
    header = _looks_like_header(first, second, want)
    if header:
        names = [field.decode("utf-8", "replace") for field in first]
        if len(set(names)) != len(names):
            names = [f"{name}.{i}" if names.count(name) > 1 else name for i, name in enumerate(names)]
    else:
        names = [str(i + 1) for i in range(len(first))]
    return _Layout(
        data=data,
        body=body,
        where=where,
        format=format,
        delimiter=delimiter,
        header=header,
        names=names,
        s_col=_resolve(source, names, 0, option="--source", header=header),
        t_col=_resolve(target, names, 1, option="--target", header=header),
        directed=_konect_direction(leading) if format == "konect" else None,
    )


def _read_int_pairs(layout: _Layout) -> Parsed | None:
    """Strategy 1: two columns of canonical integers, perhaps a numeric third, in one numba pass read in place
    (:func:`inroads.kernels.parse.parse_int_pairs`); None when anything is unusual (it declines, never guesses)."""
    start, stop = layout.span()
    third = len(layout.names) == 3
    pairs = parse_int_pairs(layout.body, layout.delimiter, start, stop, third=third)
    if pairs is None:
        return None
    ends = (pairs.sources, pairs.targets)
    sources, targets, uniques = encode_int_ids(
        ends[layout.s_col], ends[layout.t_col], (pairs.low, pairs.high), in_place=True
    )
    attributes = {} if pairs.third is None else {layout.names[2]: pairs.third}
    if not layout.header and pairs.third is not None:
        attributes["weight"] = pairs.third
    return Parsed(
        sources,
        targets,
        pa.array(uniques),
        directed=layout.directed,
        format=layout.format,
        columns=attributes,
        line_of=layout.line_of,
    )


def _read_text_pairs(layout: _Layout) -> Parsed | None:
    """Strategy 2: two columns of plain text ids (source, target), numbered in one numba pass
    (:func:`inroads.kernels.text_ids.encode_text_pairs`); None when anything is unusual (quotes, comments...)."""
    start, stop = layout.span()
    texts = encode_text_pairs(layout.body, layout.delimiter, start, stop)
    if texts is None:
        return None
    sources, targets, text_ids = texts
    return Parsed(
        sources, targets, text_ids, directed=layout.directed, format=layout.format, columns={}, line_of=layout.line_of
    )


def _arrow_guess(layout: _Layout) -> pa.Table | None:
    """The body as Arrow reads it with the id columns' types inferred (other columns text); None when it fails."""
    text_columns = set(layout.names) - set(layout.id_names)
    try:
        return _parse_table(layout.body, layout, text_columns=text_columns)
    except InputError:
        return None


def _read_arrow_ints(layout: _Layout, table: pa.Table) -> Parsed | None:
    """Strategy 3: ``table`` (from :func:`_arrow_guess`) holds both id columns as integers and the byte count proves
    them canonical (:func:`_canonical_ints`); else None. A comment line inside the body cannot survive the proof."""
    ints = _canonical_ints(table, layout.id_names, layout.body, layout.header)
    if ints is None:
        return None
    sources, targets, ids = ints
    return _parsed(layout, table, sources, targets, ids)


def _read_arrow_text(layout: _Layout, table: pa.Table | None) -> Parsed:
    """Strategy 4: every id as text. ``table`` is reused when Arrow already read both id columns as strings and no
    comment line hides in the body; else the body (without its comment lines) is read again, all columns as text."""
    if table is not None and not all(pa.types.is_string(table.column(name).type) for name in layout.id_names):
        table = None
    body = layout.body
    if _has_inner_comment(body):
        body = re.sub(rb"(?m)^[ \t]*[#%].*(\n|$)", b"", body)
        table = None
    if table is None:
        table = _parse_table(body, layout, text_columns=set(layout.names))
    if table.num_rows == 0:
        raise InputError("the file holds no edges (only a header)", where=layout.where, fix="check the file")
    for column in (layout.s_col, layout.t_col):
        blank = pc.equal(pc.utf8_trim_whitespace(table.column(column)), "")
        if pc.any(blank).as_py():
            row = int(np.flatnonzero(blank.to_numpy(zero_copy_only=False))[0])
            row_line = _row_line(layout.data, row, header=layout.header)
            raise InputError(
                f"an edge with an empty {'source' if column == layout.s_col else 'target'} id",
                where=f"{layout.where}:{row_line}" if row_line else layout.where,
                fix="give both ids on every row",
            )
    sources, targets, ids = encode_ids(table.column(layout.s_col), table.column(layout.t_col))
    return _parsed(layout, table, sources, targets, ids)


def _parsed(layout: _Layout, table: pa.Table, sources: np.ndarray, targets: np.ndarray, ids: pa.Array) -> Parsed:
    """The result of an Arrow strategy: encoded ids, and every other column as an edge attribute."""
    skip = (layout.s_col, layout.t_col)
    columns = {name: table.column(i) for i, name in enumerate(layout.names) if i not in skip}
    del table  # the id columns are encoded: let their memory go before the graph is built
    if not layout.header and "3" in columns:
        columns["weight"] = columns["3"]
    return Parsed(
        sources, targets, ids, directed=layout.directed, format=layout.format, columns=columns, line_of=layout.line_of
    )


def read_delimited(
    data: bytes,
    *,
    where: str,
    format: str,
    source: str | None = None,
    target: str | None = None,
    wanted: tuple[str | None, ...] = (),
) -> Parsed:
    """Parse an edge list held in ``data`` (already decompressed); ``where`` names the file in errors.

    ``format`` is one of csv, tsv, edgelist (whitespace), snap, konect. The delimiter of csv is sniffed from the first
    data line (comma, tab, semicolon, pipe or whitespace). A header is recognised when a row of names sits over a
    column of numbers, when it holds a column named by ``source``/``target``/``wanted``, or common names like
    ``source,target``. Without a header, columns are named by position from 1 (``--strength 3``; ``weight`` is an
    alias of column 3).

    Examples
    --------
    >>> parsed = read_delimited(b"source,target\\nann,bob\\nbob,007\\n", where="x.csv", format="csv")
    >>> parsed.ids.to_pylist(), parsed.sources.tolist(), parsed.targets.tolist()
    (['ann', 'bob', '007'], [0, 1], [1, 2])
    """
    layout = _layout(data, where=where, format=format, source=source, target=target, wanted=wanted)
    names, ends = layout.names, (layout.s_col, layout.t_col)
    # The commonest files are two id columns (perhaps with a weight in the third): the numba passes, fastest, take
    # them whole; each declines anything unusual and the next strategy tries.
    if len(names) == 2 or (len(names) == 3 and ends == (0, 1)):
        parsed = _read_int_pairs(layout)
        if parsed is None and len(names) == 2 and ends == (0, 1):  # the text pass reads exactly source, target
            parsed = _read_text_pairs(layout)
        if parsed is not None:
            return parsed
    # More columns, or unusual ids: Arrow. Quotes cannot pass the integer proof (they add bytes): go straight to text.
    table = None
    if b'"' not in layout.body:
        table = _arrow_guess(layout)
        parsed = None if table is None else _read_arrow_ints(layout, table)
        if parsed is not None:
            return parsed
    return _read_arrow_text(layout, table)
