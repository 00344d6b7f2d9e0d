"""NetworkX's own centrality tests, run against the inroads backend (the way nx-cugraph and nx-parallel run them).

``NETWORKX_TEST_BACKEND=inroads NETWORKX_FALLBACK_TO_NX=True pytest --pyargs networkx.algorithms.centrality``: every
NetworkX function the backend implements is dispatched to it and its result checked by NetworkX's assertions; the
others run in NetworkX. Tests the backend is known to fail are marked by ``BackendInterface.on_start_tests``
(README "From NetworkX"). About a minute on two cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _inroads_networkx import FUNCTIONS
from inroads.networkx_backend.interface import KNOWN_FAILURES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.networkx
def test_networkx_centrality_tests_pass_against_the_backend(tmp_path: Path):
    counts = tmp_path / "dispatched.json"
    env = {
        **os.environ,
        "NETWORKX_TEST_BACKEND": "inroads",
        "NETWORKX_FALLBACK_TO_NX": "True",
        "INROADS_DISPATCH_COUNTS": str(counts),
    }
    command = [sys.executable, "-m", "pytest", "--pyargs", "networkx.algorithms.centrality"]
    options = ["-q", "-p", "no:cacheprovider", "-p", "tests.networkx_dispatch_counter", "-W", "ignore::UserWarning"]
    run = subprocess.run(
        [*command, *options], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
    assert f"{len(KNOWN_FAILURES)} xfailed" in summary if KNOWN_FAILURES else "xfailed" not in summary, summary
    dispatched = json.loads(counts.read_text())
    assert set(dispatched) == set(FUNCTIONS), f"never dispatched: {set(FUNCTIONS) - set(dispatched)}"
