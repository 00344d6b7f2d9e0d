"""A pytest plugin for the NetworkX test tier: counts the calls NetworkX's tests make into the inroads backend.

Loaded with ``-p tests.networkx_dispatch_counter`` in the subprocess of :mod:`tests.test_networkx_suite`; at the end
of the session it writes ``{function: calls}`` as JSON to ``$INROADS_DISPATCH_COUNTS``, so the tier can show that
NetworkX really dispatched to the backend and did not quietly run everything itself.
"""

from __future__ import annotations

import functools
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from _inroads_networkx import FUNCTIONS
from inroads.networkx_backend.interface import BackendInterface

_calls: Counter[str] = Counter()


def pytest_configure(config: Any) -> None:
    for name in FUNCTIONS:
        real = getattr(BackendInterface, name)

        @functools.wraps(real)
        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            _calls[_name] += 1
            return _real(*args, **kwargs)

        setattr(BackendInterface, name, staticmethod(counted))


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    Path(os.environ["INROADS_DISPATCH_COUNTS"]).write_text(json.dumps(dict(_calls)))
