"""LinkedIn ``Connections.csv`` exports, several at once, as one team network.

One export is only a star around its owner, so inroads reads one export per colleague and joins them: colleagues
and their contacts are nodes, each connection is an (undirected) edge, and a contact found in several exports is one
node. A contact is known by their profile URL when the export has one, else by their name; a contact whose name is
a colleague's name *is* that colleague. ``link_same_company`` also links every two contacts with the same employer
(a clique per company: big employers give many edges).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from inroads.errors import InputError, OptionError
from inroads.io.compression import read_bytes
from inroads.io.parsed import Parsed

__all__ = ["is_linkedin", "read_linkedin"]

_REQUIRED = ("First Name", "Last Name")


def is_linkedin(head: bytes) -> bool:
    """True when the first bytes look like a LinkedIn connections export."""
    text = head.lstrip(b"\xef\xbb\xbf")
    return text.startswith(b"Notes:") or text.startswith(b"First Name,Last Name")


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def owner_from_filename(path: Path) -> str:
    """``alice_smith_Connections.csv`` → ``alice smith``; ``Alice/Connections.csv`` → ``Alice``."""
    stem = re.sub(r"(?i)connections", " ", path.name.split(".")[0])
    name = " ".join(re.sub(r"[_\-()\[\]]+", " ", stem).split())
    return name or path.resolve().parent.name


def _table(data: bytes, where: str) -> pd.DataFrame:
    text = data.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("First Name")), None)
    if start is None:
        raise InputError(
            "no 'First Name,Last Name,...' header", where=where, fix="give the Connections.csv of a LinkedIn export"
        )
    try:
        table = pd.read_csv(io.StringIO("\n".join(lines[start:])), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as error:
        raise InputError(f"cannot parse the export ({error})", where=where, fix="check the file") from None
    table.columns = [str(c).strip() for c in table.columns]
    table.attrs["first_line"] = start + 2
    return table


def read_linkedin(paths: list[Path], *, owners: list[str] | None = None, link_same_company: bool = False) -> Parsed:
    """The team network of several exports; ``owners`` names the owner of each, in order (default: file names)."""
    if owners and len(owners) != len(paths):
        raise OptionError(
            f"{len(owners)} --owner names for {len(paths)} exports", where="--owner", fix="give one --owner per export"
        )
    names = list(owners) if owners else [owner_from_filename(p) for p in paths]
    colleague = {_normal(name): name for name in names}
    if len(colleague) != len(names):
        raise OptionError("two exports have the same owner", where="--owner", fix="give each export its owner's name")
    ids: dict[str, int] = {}
    rows: list[dict[str, str]] = []

    def node(key: str, attrs: dict[str, str]) -> int:
        if key not in ids:
            ids[key] = len(ids)
            rows.append(attrs)
        else:
            # A later export may know the employer where an earlier one did not.
            known = rows[ids[key]]
            for field, value in attrs.items():
                if value and not known.get(field):
                    known[field] = value
        return ids[key]

    for name in names:
        node(name, {"label": name, "Company": "", "Position": "", "URL": "", "colleague": "yes"})
    sources, targets = [], []
    for path, owner in zip(paths, names, strict=True):
        table = _table(read_bytes(path), str(path))
        missing = [c for c in _REQUIRED if c not in table.columns]
        if missing:
            raise InputError(f"no column {missing[0]!r}", where=str(path), fix="give an unchanged LinkedIn export")
        owner_index = ids[owner]
        for record in table.to_dict("records"):
            full = " ".join(f"{record.get('First Name', '')} {record.get('Last Name', '')}".split())
            url = record.get("URL", "").strip()
            if not full and not url:
                continue
            key = colleague.get(_normal(full)) or url or full
            attrs = {
                "label": full or url,
                "Company": record.get("Company", "").strip(),
                "Position": record.get("Position", "").strip(),
                "URL": url,
                "colleague": "yes" if key in colleague.values() else "no",
            }
            sources.append(owner_index)
            targets.append(node(key, attrs))
    nodes = pd.DataFrame(rows, index=pd.Index(list(ids), name="id"))
    source_arr, target_arr = np.asarray(sources, dtype=np.int64), np.asarray(targets, dtype=np.int64)
    if link_same_company:
        extra_s, extra_t = _same_company_pairs(nodes["Company"].to_numpy(dtype=str))
        source_arr, target_arr = np.concatenate([source_arr, extra_s]), np.concatenate([target_arr, extra_t])
    if source_arr.size == 0:
        raise InputError("the exports hold no connections", where=str(paths[0]), fix="check the files")
    return Parsed(
        sources=source_arr,
        targets=target_arr,
        ids=np.asarray(list(ids), dtype=object),
        directed=False,
        format="linkedin",
        labels=nodes["label"].to_numpy(dtype=object),
        nodes=nodes.drop(columns="label"),
    )


def _same_company_pairs(companies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of nodes whose (case- and space-insensitive) employer is the same and not blank."""
    keys = pd.Series(companies).map(_normal)
    pairs_s: list[np.ndarray] = [np.zeros(0, np.int64)]
    pairs_t: list[np.ndarray] = [np.zeros(0, np.int64)]
    for company, members in keys.groupby(keys).groups.items():
        if not company or len(members) < 2:
            continue
        members_arr = np.asarray(members, dtype=np.int64)
        i, j = np.triu_indices(members_arr.size, k=1)
        pairs_s.append(members_arr[i])
        pairs_t.append(members_arr[j])
    return np.concatenate(pairs_s), np.concatenate(pairs_t)
