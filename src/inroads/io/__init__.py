"""Reading and writing networks: ``read(path, ...)`` picks the format by content and extension (``format=`` forces it).

Formats: delimited edge lists (CSV, TSV, whitespace; ``.gz``/``.bz2``/``.xz``/``.zst``), SNAP and KONECT text, METIS,
GraphML, GEXF, GML, Pajek, LinkedIn ``Connections.csv`` exports, the binary ``.inroads`` format, and records
(mail, calendars, Slack exports, interaction/membership tables, BibTeX/OpenAlex: :mod:`inroads.io.records`).
Every problem with a file is an :class:`~inroads.errors.InputError` naming the file (and line, where there is one)
and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from inroads.errors import InputError, OptionError
from inroads.graph import Graph
from inroads.io.binary import read_inroads, write_inroads
from inroads.io.compression import read_bytes
from inroads.io.detect import FORMATS, MAGIC, check_text, detect_format
from inroads.io.nodes import join_nodes
from inroads.io.parsed import Parsed, to_graph
from inroads.io.write import WRITE_FORMATS, write

__all__ = ["FORMATS", "WRITE_FORMATS", "read", "read_inroads", "write", "write_inroads"]

BUILTIN = {
    "networkx:les_miserables": "les_miserables_graph",
    "networkx:karate_club": "karate_club_graph",
    "networkx:florentine_families": "florentine_families_graph",
    "networkx:davis_southern_women": "davis_southern_women_graph",
}
_DELIMITED = ("csv", "tsv", "edgelist", "snap", "konect")


def read(
    path: str | Path | Sequence[str | Path],
    *,
    format: str | None = None,
    directed: bool | None = None,
    reverse: bool = False,
    source: str | None = None,
    target: str | None = None,
    strength: str | None = None,
    distance: str | None = None,
    nodes: str | Path | None = None,
    label_column: str | None = None,
    owner: Sequence[str] | None = None,
    link_same_company: bool = False,
    rules: Mapping[str, Any] | None = None,
) -> Graph:
    """Read a network file (or several LinkedIn exports) into a :class:`~inroads.graph.Graph`.

    Parameters
    ----------
    path : path or list of paths
        A file, a built-in name (``networkx:karate_club``, ``networkx:les_miserables``,
        ``networkx:florentine_families``, ``networkx:davis_southern_women``), or several LinkedIn exports.
    format : str, optional
        Force the format (one of :data:`FORMATS`); by default it is taken from the content, then the extension.
    directed : bool, optional
        Override the direction. Edge lists are undirected unless True; GraphML, GEXF, GML, Pajek and KONECT follow
        their declaration unless this is given.
    reverse : bool
        Turn every edge round (a directed network only), for exports listed as ``follower,followed``.
    source, target : str, optional
        Edge-list columns of the endpoints (names with a header, positions from 1 without); default the first two.
    strength, distance : str, optional
        Edge attribute holding tie strength (path length ``1/strength``) or path length; at most one.
    nodes : path, optional
        Node attribute table joined on id; ids absent from the edges become isolated nodes.
    label_column : str, optional
        Node column holding display names (from ``nodes`` or the file's own node attributes).
    owner : list of str, optional
        LinkedIn: the owner of each export, in order (default: from the file names).
    link_same_company : bool
        LinkedIn: also link contacts who share an employer.
    rules : mapping, optional
        Records (mail, calendar, Slack, tables, bibliography): how records become ties — ``one_way``, ``half_life``
        (``"180d"``), ``since``/``until`` (ISO dates), ``max_recipients``, ``co_recipients``, ``max_group``,
        ``aliases`` (a file); see :func:`inroads.io.records.rule_options`.

    Returns
    -------
    Graph
        With ``meta`` holding ``source``, ``format``, ``self_loops_dropped`` and ``duplicates_merged``.

    Examples
    --------
    >>> g = read("networkx:karate_club", strength="weight")
    >>> g, g.meta["format"]
    (<Graph undirected, strength-weighted: 34 nodes, 78 edges>, 'networkx')
    """
    paths = [Path(path)] if isinstance(path, str | Path) else [Path(p) for p in path]
    if not paths:
        raise OptionError("no network given", where="NETWORK", fix="give a file")
    key = str(path) if isinstance(path, str | Path) else str(paths[0])
    if len(paths) == 1 and key in BUILTIN:
        g = _builtin(key, directed=directed, strength=strength, distance=distance)
        _refuse(g.meta["format"], owner=owner, link_same_company=link_same_company, source=source, target=target)
    else:
        g = _read_files(
            paths,
            format=format,
            directed=directed,
            source=source,
            target=target,
            strength=strength,
            distance=distance,
            owner=owner,
            link_same_company=link_same_company,
            rules=rules,
        )
    if rules and g.meta.get("records_read") is None:
        raise OptionError(
            "records options (--one-way, --half-life, --since, ...) are for mail, calendars, Slack and tables",
            where="--one-way/--half-life/--since/--until/--max-group/--aliases",
            fix=f"drop them for a {g.meta.get('format')} file",
        )
    if reverse:
        if not g.directed:
            raise OptionError(
                "--reverse turns directed edges round, but this network is undirected",
                where="--reverse",
                fix="add --directed, or drop --reverse",
            )
        g = g.reverse()
        g.meta["reversed"] = True
    return join_nodes(g, nodes, label_column=label_column)


def _refuse(
    fmt: str, *, owner: Sequence[str] | None, link_same_company: bool, source: str | None, target: str | None
) -> None:
    """Options that do nothing for this format are errors, not silently ignored."""
    if fmt != "linkedin" and owner:
        raise OptionError("--owner is for LinkedIn exports", where="--owner", fix=f"drop it for a {fmt} file")
    if fmt != "linkedin" and link_same_company:
        raise OptionError("--link-same-company is for LinkedIn exports", where="--link-same-company", fix="drop it")
    if fmt not in _DELIMITED and (source or target):
        raise OptionError(
            f"--source/--target name edge-list columns; a {fmt} file declares its edges",
            where="--source" if source else "--target",
            fix="drop the option",
        )


def _builtin(key: str, *, directed: bool | None, strength: str | None, distance: str | None) -> Graph:
    import networkx as nx

    graph = getattr(nx, BUILTIN[key])()
    for name in (strength, distance):
        if name and not all(name in data for _, _, data in graph.edges(data=True)):
            option = "--strength" if name == strength else "--distance"
            raise OptionError(
                f"{key} has no edge attribute {name!r}", where=option, fix="use 'weight' (karate, lesmis)"
            )
    if directed:
        graph = graph.to_directed()
    g = Graph.from_networkx(graph, strength=strength, distance=distance)
    g.meta.update(source=key, format="networkx")
    return g


def _read_files(paths: list[Path], *, format: str | None, rules: Mapping[str, Any] | None, **options: Any) -> Graph:
    first = paths[0]
    where = str(first)
    records_format = _records_format(first, format)
    if records_format is not None:
        return _read_records(paths, records_format, rules, options)
    if format in (None, "inroads") and _is_binary_graph(first, format):
        _refuse("inroads", **{k: options[k] for k in ("owner", "link_same_company", "source", "target")})
        if len(paths) > 1:
            raise OptionError("several files given", where="NETWORK", fix="give one .inroads file")
        g = read_inroads(first)
        _fixed_at_conversion(g, where, **{k: options[k] for k in ("directed", "strength", "distance")})
        original = g.meta.get("source")
        g.meta.update(source=where, format="inroads", converted_from=original)
        return g
    data = read_bytes(first)
    fmt = detect_format(first, data[:65536], format)
    _refuse(fmt, **{k: options[k] for k in ("owner", "link_same_company", "source", "target")})
    if len(paths) > 1 and fmt != "linkedin":
        raise OptionError(
            f"{len(paths)} files given, but only LinkedIn exports combine",
            where="NETWORK",
            fix="give one network file",
        )
    if fmt == "inroads":
        raise InputError("not an .inroads file (wrong magic bytes)", where=where, fix="check --format-in")
    check_text(data, where)
    parsed = _parse(fmt, paths, data, where, options)
    g = to_graph(
        parsed, where=where, directed=options["directed"], strength=options["strength"], distance=options["distance"]
    )
    if fmt == "linkedin" and parsed.nodes is not None:
        # The owners of the exports are the user's team: never shortlisted (inroads.owners).
        g.meta["owners"] = parsed.nodes.index[parsed.nodes["colleague"] == "yes"].astype(str).tolist()
    return g


def _records_format(path: Path, forced: str | None) -> str | None:
    """The records format of ``path`` (forced, or by content), or None for a network file."""
    from inroads.io.records import RECORD_FORMATS, detect
    from inroads.io.records.archive import is_archive

    if forced is not None:
        return forced.lower() if forced.lower() in RECORD_FORMATS else None
    if not path.exists():
        return None
    if path.is_dir():
        return detect(path)
    if is_archive(path):
        # Office files (.xlsx, .docx, .ods) are zips too: they are not records, and the network readers say so.
        office = (".xlsx", ".xls", ".ods", ".docx", ".odt", ".pptx", ".numbers", ".key", ".pages", ".epub", ".jar")
        return None if path.suffix.lower() in office else detect(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    from inroads.io.compression import compression_of

    if compression_of(head[:8]) is not None:
        head = read_bytes(path)[:65536]
    return detect(path, head)


def _read_records(paths: list[Path], fmt: str, rules: Mapping[str, Any] | None, options: dict[str, Any]) -> Graph:
    from inroads.io.records import read_records

    _refuse(fmt, **{k: options[k] for k in ("owner", "link_same_company")}, source=None, target=None)
    table = fmt in ("interactions", "memberships")
    # In a table, --source/--target name the who/whom (person/group) columns and --strength the weight column.
    for key in ("distance",) if table else ("strength", "distance", "source", "target"):
        if options[key]:
            raise OptionError(
                f"--{key} is for edge lists; {fmt} records give their own tie strengths",
                where=f"--{key}",
                fix="drop it",
            )
    first, second = ("who", "whom") if fmt == "interactions" else ("person", "group")
    columns = {first: options["source"], second: options["target"], "weight": options["strength"]} if table else {}
    g = read_records(paths, fmt, rules, directed=options["directed"], columns=columns)
    if g.meta.get("records_read") is None:
        g.meta["records_read"] = {}
    return g


def _fixed_at_conversion(
    g: Graph, where: str, *, directed: bool | None, strength: str | None, distance: str | None
) -> None:
    """An .inroads file holds the direction and weights chosen when it was written: refuse options that differ."""
    if directed is not None and directed != g.directed:
        raise OptionError(
            f"{where} holds {'a directed' if g.directed else 'an undirected'} graph",
            where="--directed/--undirected",
            fix="convert the source file again",
        )
    if strength or distance:
        held = f"{g.weight_kind} weights" if g.weight_kind else "no weights"
        raise OptionError(
            f"{where} holds {held}, chosen when it was converted",
            where="--strength" if strength else "--distance",
            fix="drop the option, or convert the source file again with it",
        )


def _is_binary_graph(path: Path, forced: str | None) -> bool:
    if forced == "inroads":
        return True
    if path.suffix.lower() == ".inroads":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _parse(fmt: str, paths: list[Path], data: bytes, where: str, options: dict[str, Any]) -> Parsed:
    if fmt in _DELIMITED:
        from inroads.io.delimited import read_delimited

        wanted = (options["strength"], options["distance"])
        return read_delimited(
            data, where=where, format=fmt, source=options["source"], target=options["target"], wanted=wanted
        )
    if fmt == "graphml":
        from inroads.io.xml import read_graphml

        return read_graphml(data, where=where)
    if fmt == "gexf":
        from inroads.io.xml import read_gexf

        return read_gexf(data, where=where)
    if fmt == "gml":
        from inroads.io.gml import read_gml

        return read_gml(data, where=where)
    if fmt == "pajek":
        from inroads.io.pajek import read_pajek

        return read_pajek(data, where=where, directed=options["directed"])
    if fmt == "metis":
        from inroads.io.metis import read_metis

        return read_metis(data, where=where)
    from inroads.io.linkedin import read_linkedin

    return read_linkedin(paths, owners=options["owner"], link_same_company=options["link_same_company"])
