"""Writing a file all at once: a failed or interrupted write leaves the old file, or nothing, never half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from inroads.errors import OptionError

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: a failed command leaves nothing half-written.

    The file gets the permissions a plain ``open()`` would give it (0666 less the umask), not ``mkstemp``'s 0600.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OptionError(
            f"folder {str(folder)!r} does not exist", where=str(target), fix="create it, or write somewhere else (-o)"
        )
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    except OSError as error:
        raise OptionError(
            f"cannot write here ({error.strerror})", where=str(target), fix="write somewhere else (-o)"
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OptionError(
            f"cannot write ({error.strerror})", where=str(target), fix="write somewhere else (-o)"
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
