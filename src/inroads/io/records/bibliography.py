"""Co-authorship: BibTeX files (``bibtexparser`` 2) and OpenAlex works (JSON list, API page or JSON Lines).

The authors of one paper are a group, linked pairwise with Newman's weight ``1/(authors - 1)`` [1]_ (see
:mod:`~inroads.io.records.ties`); a paper's year dates it (1 January), so ``--since``/``--until`` and
``--half-life`` apply. This is where a field's subject-matter experts are found.

BibTeX names are decoded from LaTeX (``M{\\"u}ller`` → ``Müller``) and known as "First von Last" with spaces
collapsed and case folded; "Smith, J." and "John Smith" stay two people unless ``--aliases`` says they are one.
OpenAlex authors are known by their ORCID when they have one, else by their OpenAlex id; the display name is the
label. Entries without authors, and BibTeX blocks that do not parse, are left out and counted.

References
----------
.. [1] M. E. J. Newman, "Scientific collaboration networks. II.", Phys. Rev. E 64, 016132 (2001).
   https://doi.org/10.1103/PhysRevE.64.016132
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inroads.errors import InputError
from inroads.io.compression import read_bytes
from inroads.io.records.people import name_key
from inroads.io.records.ties import Records

__all__ = ["read_bibliography"]


def _year(value: Any) -> float:
    match = re.search(r"\d{4}", str(value)) if value is not None else None
    if not match:
        return math.nan
    year = int(match.group())
    return datetime(year, 1, 1, tzinfo=UTC).timestamp() if 1000 <= year <= 9999 else math.nan


def read_bibliography(paths: list[Path], fmt: str) -> Records:
    """Papers of BibTeX (``fmt="bibtex"``) or OpenAlex (``"openalex"``) files as groups of authors."""
    records = Records(fmt, str(paths[0]) if len(paths) == 1 else ", ".join(map(str, paths)))
    for path in paths:
        data = read_bytes(path)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")  # old .bib files are often Latin-1; names come from LaTeX escapes anyway
        if fmt == "bibtex":
            _bibtex(records, text, str(path))
        else:
            _openalex(records, text, str(path))
    if records.read["papers"] == 0:
        raise InputError("no papers found", where=records.source, fix="check the file or --format-in")
    return records


def _bibtex(records: Records, text: str, where: str) -> None:
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts

    try:
        library = bibtexparser.parse_string(
            text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()]
        )
    except Exception as error:  # the parser raises bare exceptions of several kinds on malformed input
        raise InputError(f"cannot parse the BibTeX ({error})", where=where, fix="check the file") from None
    if library.failed_blocks:
        records.drop("BibTeX blocks that do not parse", len(library.failed_blocks))
    for entry in library.entries:
        records.read["papers"] += 1
        fields = entry.fields_dict
        authors = fields["author"].value if "author" in fields else []
        people = []
        for parts in authors if isinstance(authors, list) else []:
            name = " ".join(" ".join([*parts.first, *parts.von, *parts.last, *parts.jr]).split())
            name = name.replace("{", "").replace("}", "")
            if name and name.casefold() not in ("others", "et al.", "et al"):
                people.append(records.person(name_key(name), name))
        if not people:
            records.drop("papers without authors")
            continue
        records.group(people, _year(fields["year"].value if "year" in fields else None))


def _works(text: str, where: str) -> list[Any]:
    from inroads.io.records import json_load

    stripped = text.lstrip()
    if stripped.startswith("["):
        works = json_load(stripped.encode("utf-8"), where)
    elif stripped.startswith("{") and '"results"' in stripped[:200000] and "\n{" not in stripped.strip():
        page = json_load(stripped.encode("utf-8"), where)
        works = page.get("results") if isinstance(page, dict) else None
    else:
        works = [json_load(line.encode("utf-8"), f"{where}:{n}") for n, line in enumerate(text.splitlines(), 1)
                 if line.strip()]  # fmt: skip
    if not isinstance(works, list):
        raise InputError("not a list of OpenAlex works", where=where, fix="give works as JSON, an API page or JSONL")
    return works


def _openalex(records: Records, text: str, where: str) -> None:
    for work in _works(text, where):
        if not isinstance(work, dict):
            records.drop("entries that are not works")
            continue
        records.read["papers"] += 1
        people = []
        authorships = work.get("authorships")
        for authorship in authorships if isinstance(authorships, list) else []:
            author = authorship.get("author") if isinstance(authorship, dict) else None
            if not isinstance(author, dict):
                continue
            orcid, ident = author.get("orcid"), author.get("id")
            name = author.get("display_name") if isinstance(author.get("display_name"), str) else ""
            if isinstance(orcid, str) and orcid:
                key = "orcid:" + orcid.rstrip("/").rsplit("/", 1)[-1]
            elif isinstance(ident, str) and ident:
                key = "openalex:" + ident.rstrip("/").rsplit("/", 1)[-1]
            elif name:
                key = name_key(name)
            else:
                continue
            people.append(records.person(key, name or None))
        if not people:
            records.drop("papers without authors")
            continue
        when = _year(work.get("publication_year") or work.get("publication_date"))
        records.group(people, when)
