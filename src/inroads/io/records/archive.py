"""Files inside a folder, a ``.zip`` or a ``.tar(.gz|.bz2|.xz)``, with the guards an archive from elsewhere needs.

Archives are read member by member (never extracted to disk). A member whose name climbs out of the archive
(``../``, an absolute path) or is a link is refused; members are read with a cap on their total size
(:data:`MAX_TOTAL_BYTES`) and on the expansion ratio of a zip member (:data:`MAX_RATIO`), so a zip bomb stops with
one clear error instead of filling the memory.
"""

from __future__ import annotations

import os
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from inroads.errors import InputError

__all__ = ["MAX_RATIO", "MAX_TOTAL_BYTES", "files_under", "is_archive", "members"]

#: Most bytes read out of one archive (all members together).
MAX_TOTAL_BYTES = 2 * 2**30
#: Largest expansion of one zip member (uncompressed / compressed size); text compresses ~10x, bombs ~1000x.
MAX_RATIO = 200
_CHUNK = 1 << 20


def is_archive(path: Path) -> str | None:
    """``"zip"`` or ``"tar"`` when ``path`` is such an archive (by content), else None."""
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    try:
        return "tar" if tarfile.is_tarfile(path) else None
    except (OSError, EOFError, tarfile.TarError):
        return None


def _safe_name(name: str, where: str) -> str:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
        raise InputError(
            f"the archive holds a path that leaves it ({name!r})",
            where=where,
            fix="this archive is unsafe: export the records again",
        )
    return "/".join(p for p in parts if p not in ("", "."))


def members(path: Path) -> Iterator[tuple[str, bytes]]:
    """``(name, content)`` of each regular file under ``path`` (a folder or an archive), in name order."""
    kind = is_archive(path)
    where = str(path)
    if path.is_dir():
        yield from _folder(path)
    elif kind == "zip":
        yield from _zip(path, where)
    elif kind == "tar":
        yield from _tar(path, where)
    else:
        raise InputError("not a folder, .zip or .tar archive", where=where, fix="check the path or --format-in")


def files_under(path: Path) -> list[Path]:
    """Every regular file under the folder ``path``, in name order (one clean error for a folder it cannot list)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(path, onerror=_walk_error):
        dirs.sort()
        found.extend(Path(root) / name for name in files)
    return sorted(found)


def _folder(path: Path) -> Iterator[tuple[str, bytes]]:
    for file in files_under(path):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise InputError(
                f"cannot read the file ({error.strerror})", where=str(file), fix="check its permissions"
            ) from None
        yield file.relative_to(path).as_posix(), data


def _walk_error(error: OSError) -> None:
    raise InputError(
        f"cannot read the folder ({error.strerror})", where=str(error.filename), fix="check its permissions"
    )


def _zip(path: Path, where: str) -> Iterator[tuple[str, bytes]]:
    total = 0
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"damaged zip archive ({error})", where=where, fix="download or export it again") from None
    with archive:
        infos = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
        for info in infos:
            name = _safe_name(info.filename, where)
            if info.file_size > MAX_RATIO * max(info.compress_size, 1) + _CHUNK:
                _bomb(where, name)
            chunks, size = [], 0
            try:
                with archive.open(info) as handle:
                    while chunk := handle.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        # The declared sizes can lie: count what actually comes out.
                        if size > MAX_RATIO * max(info.compress_size, 1) + _CHUNK or total > MAX_TOTAL_BYTES:
                            _bomb(where, name)
                        chunks.append(chunk)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise InputError(f"damaged zip member {name!r} ({error})", where=where, fix="export it again") from None
            except RuntimeError as error:  # encrypted member
                raise InputError(
                    f"cannot read {name!r} ({error})", where=where, fix="give an unencrypted archive"
                ) from None
            yield name, b"".join(chunks)


def _tar(path: Path, where: str) -> Iterator[tuple[str, bytes]]:
    total = 0
    try:
        archive = tarfile.open(path)  # noqa: SIM115 (closed by the with below; opening is what may fail)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise InputError(f"damaged tar archive ({error})", where=where, fix="download or export it again") from None
    with archive:
        try:
            infos = sorted(archive.getmembers(), key=lambda i: i.name)
        except (tarfile.TarError, OSError, EOFError) as error:
            raise InputError(f"damaged tar archive ({error})", where=where, fix="export it again") from None
        for info in infos:
            name = _safe_name(info.name, where)
            if info.issym() or info.islnk():
                raise InputError(
                    f"the archive holds a link ({info.name!r})", where=where, fix="give an archive of plain files"
                )
            if not info.isfile():
                continue
            total += info.size
            if total > MAX_TOTAL_BYTES:
                _bomb(where, name)
            handle = archive.extractfile(info)
            if handle is None:
                continue
            try:
                data = handle.read()
            except (tarfile.TarError, OSError, EOFError) as error:
                raise InputError(f"damaged tar member {name!r} ({error})", where=where, fix="export it again") from None
            yield name, data


def _bomb(where: str, name: str) -> None:
    raise InputError(
        f"the archive member {name!r} expands far beyond its size (a zip bomb?)",
        where=where,
        fix="extract it yourself if you trust it, and give the folder",
    )
