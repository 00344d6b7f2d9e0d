"""Delimited edge lists: CSV, TSV, whitespace-separated, SNAP and KONECT text.

One row per edge: source, target, then optional edge attributes. Parsing is Arrow's multithreaded CSV reader over
the whole (decompressed) file; ids are read as strings, so ``007`` stays ``007``. Python only looks at the first lines
(comments, delimiter, header) and, when something is wrong, walks the file once to name the offending line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
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


def _parse_table(
    body: bytes, names: list[str], header: bool, delimiter: bytes, data: bytes, where: str, *, text_columns: set[str]
) -> pa.Table:
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
    """
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
    s_col = _resolve(source, names, 0, option="--source", header=header)
    t_col = _resolve(target, names, 1, option="--target", header=header)
    id_names = (names[s_col], names[t_col])
    directed = _konect_direction(leading) if format == "konect" else None
    line_of = partial(_row_line, data, header=header)
    if len(names) == 2 or (len(names) == 3 and (s_col, t_col) == (0, 1)):
        # Fastest paths, the commonest files: two columns of canonical numbers (and perhaps a weight), or of plain
        # text ids, parsed and numbered in one pass on all cores (anything unusual makes them decline); read in
        # place from after the header to before the trailing line ends (blank lines at the end are no rows).
        start, stop = body.find(b"\n") + 1 if header else 0, len(body)
        while stop > start and body[stop - 1] in b"\r\n":
            stop -= 1
        pairs = parse_int_pairs(body, delimiter, start, stop, third=len(names) == 3)
        if pairs is not None:
            bounds = (pairs.low, pairs.high)
            ends = (pairs.sources, pairs.targets)
            sources, targets, uniques = encode_int_ids(ends[s_col], ends[t_col], bounds, in_place=True)
            attributes = {} if pairs.third is None else {names[2]: pairs.third}
            if not header and pairs.third is not None:
                attributes["weight"] = pairs.third
            return Parsed(
                sources,
                targets,
                pa.array(uniques),
                directed=directed,
                format=format,
                columns=attributes,
                line_of=line_of,
            )
        two_in_order = len(names) == 2 and (s_col, t_col) == (0, 1)
        texts = encode_text_pairs(body, delimiter, start, stop) if two_in_order else None
        if texts is not None:
            sources, targets, text_ids = texts
            return Parsed(sources, targets, text_ids, directed=directed, format=format, columns={}, line_of=line_of)
    # Fast path: let Arrow parse the ids as integers, then prove by the byte count that no id was written in a
    # non-canonical way ("007", "+7", quoted); otherwise read them again as text.
    # A comment line inside the body cannot survive that proof either, so comments are looked for only after it.
    table, ints = None, None
    if b'"' not in body:
        try:
            table = _parse_table(body, names, header, delimiter, data, where, text_columns=set(names) - set(id_names))
        except InputError:
            table = None
        ints = None if table is None else _canonical_ints(table, id_names, body, header)
        if ints is not None:
            sources, targets, ids = ints
        elif table is not None and not all(pa.types.is_string(table.column(name).type) for name in id_names):
            table = None
    commented = ints is None and _has_inner_comment(body)
    if commented:
        body = re.sub(rb"(?m)^[ \t]*[#%].*(\n|$)", b"", body)
    if table is None or commented:
        table = _parse_table(body, names, header, delimiter, data, where, text_columns=set(names))
    if table.num_rows == 0:
        raise InputError("the file holds no edges (only a header)", where=where, fix="check the file")
    if ints is None:
        for column in (s_col, t_col):
            blank = pc.equal(pc.utf8_trim_whitespace(table.column(column)), "")
            if pc.any(blank).as_py():
                row = int(np.flatnonzero(blank.to_numpy(zero_copy_only=False))[0])
                row_line = _row_line(data, row, header=header)
                raise InputError(
                    f"an edge with an empty {'source' if column == s_col else 'target'} id",
                    where=f"{where}:{row_line}" if row_line else where,
                    fix="give both ids on every row",
                )
        sources, targets, ids = encode_ids(table.column(s_col), table.column(t_col))
    columns = {name: table.column(i) for i, name in enumerate(names) if i not in (s_col, t_col)}
    del table  # the id columns are encoded: let their memory go before the graph is built
    if not header and "3" in columns:
        columns["weight"] = columns["3"]
    return Parsed(sources, targets, ids, directed=directed, format=format, columns=columns, line_of=line_of)
