"""Which reader a file needs: by its content when that is unmistakable, else by its extension.

Content wins over the name for the unmistakable cases (the ``.inroads`` magic, XML roots, a LinkedIn export, a
binary file), so ``network.txt`` holding GraphML still reads; otherwise the extension decides, and a text file with
an unknown extension is read as an edge list.
"""

from __future__ import annotations

from pathlib import Path

from inroads.errors import InputError, OptionError
from inroads.io.compression import strip_compression_suffix

__all__ = ["FORMATS", "MAGIC", "check_text", "detect_format"]

MAGIC = b"\x93INROADS"

FORMATS = (
    "csv",
    "tsv",
    "edgelist",
    "snap",
    "konect",
    "metis",
    "graphml",
    "gexf",
    "gml",
    "pajek",
    "linkedin",
    "inroads",
    # records (inroads.io.records): read into ties, then a network
    "mail",
    "mbox",
    "maildir",
    "eml",
    "ics",
    "slack",
    "interactions",
    "memberships",
    "bibtex",
    "openalex",
)

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "edgelist",
    ".edges": "edgelist",
    ".edgelist": "edgelist",
    ".el": "edgelist",
    ".dat": "edgelist",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".gml": "gml",
    ".net": "pajek",
    ".paj": "pajek",
    ".graph": "metis",
    ".metis": "metis",
    ".inroads": "inroads",
    ".snap": "snap",
    ".konect": "konect",
}
# Extensions people try that are not networks inroads reads: say so rather than parse garbage.
_FOREIGN = {
    ".xlsx",
    ".xls",
    ".ods",
    ".parquet",
    ".feather",
    ".json",
    ".zip",
    ".tar",
    ".pdf",
    ".docx",
    ".pkl",
    ".pickle",
    ".npz",
    ".npy",
    ".h5",
    ".sqlite",
    ".db",
    ".png",
    ".jpg",
}


def check_text(data: bytes, where: str) -> None:
    """Refuse binary content (NUL bytes, or bytes that are not UTF-8) with a one-line error."""
    head = data[:65536]
    if b"\x00" in head:
        raise InputError(
            "this is a binary file, not text (it holds NUL bytes)",
            where=where,
            fix="give the network as text (CSV, GraphML, GML, ...) or pick --format-in",
        )
    cut = head.rfind(b"\n") if len(data) > len(head) else len(head)
    try:
        head[: cut if cut > 0 else len(head)].decode("utf-8")
    except UnicodeDecodeError as error:
        line = head[: error.start].count(b"\n") + 1
        raise InputError(
            "this is not UTF-8 text (a binary file, or another encoding)",
            where=f"{where}:{line}",
            fix="save the file as UTF-8 text",
        ) from None


def _sniff(head: bytes) -> str | None:
    from inroads.io.linkedin import is_linkedin

    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(MAGIC):
        return "inroads"
    if is_linkedin(text):
        return "linkedin"
    lower = text[:4096].lower()
    if lower.startswith(b"<"):
        if b"<graphml" in lower:
            return "graphml"
        if b"<gexf" in lower:
            return "gexf"
    if lower.startswith(b"*vertices") or lower.startswith(b"*network"):
        return "pajek"
    if lower.startswith((b"% sym", b"% asym", b"% bip", b"%sym", b"%asym")):
        return "konect"
    # SNAP's header names the graph "Directed" even for undirected ones listed both ways (ca-GrQc), so the name is
    # kept for the summary and the direction still comes from --directed.
    if lower.startswith((b"# directed graph", b"# undirected graph", b"# nodes:")):
        return "snap"
    return None


def detect_format(path: Path, head: bytes, forced: str | None = None) -> str:
    """The format of the file at ``path`` whose first (decompressed) bytes are ``head``."""
    if forced is not None:
        name = forced.lower()
        if name not in FORMATS:
            raise OptionError(
                f"unknown format {forced!r}", where="--format-in", fix=f"formats are: {', '.join(FORMATS)}"
            )
        return name
    sniffed = _sniff(head)
    if sniffed is not None:
        return sniffed
    suffix = strip_compression_suffix(path).suffix.lower()
    if suffix in _FOREIGN:
        raise InputError(
            f"unknown format {suffix!r}",
            where=str(path),
            fix=f"export the network as CSV, GraphML, GEXF, GML or Pajek (formats: {', '.join(FORMATS)})",
        )
    by_name = _EXTENSIONS.get(suffix)
    if by_name is not None:
        return by_name
    text = head.lstrip()
    if text.startswith((b"graph", b"Creator", b"creator")) and b"[" in text[:2048]:
        return "gml"
    return "edgelist"
