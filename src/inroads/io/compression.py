"""Whole-file reading with transparent decompression (gzip, bzip2, xz, zstandard), chosen by magic bytes."""

from __future__ import annotations

import bz2
import gzip
import lzma
from pathlib import Path

from inroads.errors import InputError

__all__ = ["COMPRESSED_SUFFIXES", "read_bytes", "strip_compression_suffix"]

COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")

# Magic numbers, so a compressed file is recognised whatever its name.
_MAGIC = {
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"\x28\xb5\x2f\xfd": "zstd",
}


def strip_compression_suffix(path: Path) -> Path:
    """``edges.csv.gz`` → ``edges.csv``; other names unchanged."""
    return path.with_suffix("") if path.suffix.lower() in COMPRESSED_SUFFIXES else path


def compression_of(head: bytes) -> str | None:
    """The compression named by the first bytes of a file, or None."""
    for magic, name in _MAGIC.items():
        if head.startswith(magic):
            return name
    return None


def read_bytes(path: Path) -> bytes:
    """The content of ``path``, decompressed when its first bytes say it is compressed."""
    if not path.exists():
        raise InputError("file not found", where=str(path), fix="check the path")
    if path.is_dir():
        raise InputError("is a folder, not a network file", where=str(path), fix="give a file")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(
            f"cannot read the file ({error.strerror})", where=str(path), fix="check its permissions"
        ) from None
    kind = compression_of(raw[:8])
    if kind is None:
        return raw
    try:
        if kind == "gzip":
            return gzip.decompress(raw)
        if kind == "bzip2":
            return bz2.decompress(raw)
        if kind == "xz":
            return lzma.decompress(raw)
    except (OSError, EOFError, ValueError, lzma.LZMAError) as error:
        raise InputError(
            f"damaged {kind} file ({error})", where=str(path), fix="download or compress it again"
        ) from None
    import zstandard

    try:
        # A streaming decompressor also handles frames that do not record their content size.
        return zstandard.ZstdDecompressor().decompressobj().decompress(raw)
    except zstandard.ZstdError as error:
        raise InputError(f"damaged zstd file ({error})", where=str(path), fix="download or compress it again") from None
