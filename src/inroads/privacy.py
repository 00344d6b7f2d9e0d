"""``--pseudonymize``: every id and name replaced by a stable salted hash, in all output.

The hash of an id is ``p`` + the first 12 hex digits of BLAKE2b(salt + id): the same person gets the same
pseudonym in every run that uses the same salt, and nobody without the salt can tell who it is (the ids of mail and
co-authorship are guessable, so an unsalted hash would be reversed by hashing a list of addresses). The salt is a
random 128-bit value kept in the file ``inroads.salt`` beside the output (created on first use, readable by its owner
only), so the user, and only they, can map a pseudonym back by hashing the addresses they know
(:func:`pseudonym`).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import replace
from pathlib import Path

import numpy as np

from inroads.errors import OptionError
from inroads.graph import Graph

__all__ = ["SALT_FILE", "pseudonym", "pseudonymize_graph", "salt_beside"]

SALT_FILE = "inroads.salt"
#: Node-table columns that name or locate a person, hashed like ids; other attributes (company, role) are kept.
_PERSONAL = ("url", "email", "email address", "address", "name", "label", "orcid")


def pseudonym(value: str, salt: bytes) -> str:
    """The pseudonym of ``value`` under ``salt``.

    Examples
    --------
    >>> pseudonym("ann@example.org", b"salt") == pseudonym("ann@example.org", b"salt")
    True
    >>> pseudonym("ann@example.org", b"salt") != pseudonym("ann@example.org", b"other")
    True
    """
    return "p" + hashlib.blake2b(value.encode("utf-8"), key=salt[:64], digest_size=6).hexdigest()


def salt_beside(output: str | os.PathLike[str] | None) -> bytes:
    """The salt kept beside ``output`` (the current folder when writing to standard output); made when absent."""
    folder = Path(output).parent if output else Path(".")
    path = folder / SALT_FILE
    try:
        if path.exists():
            salt = bytes.fromhex(path.read_text(encoding="ascii").strip())
            if len(salt) < 16:
                raise ValueError("too short")
            return salt
        salt = secrets.token_bytes(16)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(salt.hex() + "\n")
        return salt
    except (OSError, ValueError) as error:
        raise OptionError(
            f"cannot use the salt file ({error})", where=str(path), fix="check the folder, or remove a damaged salt"
        ) from None


def pseudonymize_graph(g: Graph, salt: bytes) -> Graph:
    """``g`` with ids, labels, personal node attributes and ``meta["owners"]`` replaced by pseudonyms; the records'
    interactions (``meta["record_events"]``) get the same pseudonyms and lose their titles."""
    ids = np.asarray([pseudonym(str(x), salt) for x in g.ids.tolist()], dtype=object)
    nodes = g.nodes
    if nodes is not None:
        nodes = nodes.copy()
        nodes.index = ids
        for column in nodes.columns:
            if str(column).strip().casefold() in _PERSONAL:
                nodes[column] = [pseudonym(str(v), salt) if v not in ("", None) else v for v in nodes[column]]
    meta = {**g.meta, "pseudonymized": True}
    if "owners" in meta:
        meta["owners"] = [pseudonym(str(o), salt) for o in meta["owners"]]
    if "record_events" in meta:  # the owners' interactions: pseudonymized ids, and no subjects or summaries
        meta["record_events"] = meta["record_events"].pseudonymized(salt)
    return replace(g, ids=ids, labels=None, nodes=nodes, meta=meta)
