"""--pseudonymize: stable salted hashes in all output, the salt beside the output, the report says so."""

from __future__ import annotations

import json

import pandas as pd

from inroads.cli import main
from inroads.io import read
from inroads.privacy import SALT_FILE, pseudonym, pseudonymize_graph, salt_beside
from inroads.report.build import build


def test_cli_pseudonymizes_stably_with_the_salt_beside_the_output(tmp_path, capsys):
    log = tmp_path / "log.csv"
    log.write_text("who,whom\nann@x.org,bo@y.org\nbo@y.org,ann@x.org\nbo@y.org,Cy Dee\nCy Dee,bo@y.org\n")
    out = tmp_path / "out"
    out.mkdir()
    outputs = []
    for run in range(2):
        target = out / f"centrality{run}.csv"
        main_args = ["centrality", str(log), "--pseudonymize", "--format", "csv", "-o", str(target)]
        try:
            main(main_args)
        except SystemExit as done:
            assert done.code in (0, None)
        outputs.append(target.read_text())
    text = outputs[0]
    assert outputs[0] == outputs[1]  # the same salt: the same pseudonyms
    for secret in ("ann", "bo@y.org", "Cy", "cy dee"):
        assert secret not in text
    salt = bytes.fromhex((out / SALT_FILE).read_text().strip())
    assert pseudonym("bo@y.org", salt) in text  # the user maps back with the salt
    assert (out / SALT_FILE).stat().st_mode & 0o077 == 0


def test_pseudonymized_graph_and_report(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("who,whom\nann,bo\nbo,ann\n")
    g = read(log)
    g.meta["owners"] = ["ann"]
    salt = salt_beside(tmp_path / "report.html")
    hidden = pseudonymize_graph(g, salt)
    assert set(hidden.ids.tolist()) == {pseudonym("ann", salt), pseudonym("bo", salt)}
    assert hidden.labels is None and hidden.meta["owners"] == [pseudonym("ann", salt)]
    table = pd.DataFrame({"rank": [1], "id": [hidden.ids[0]], "type": ["awareness"], "betweenness": [0.0],
                          "closeness": [1.0], "why": ["x"]})  # fmt: skip
    report = build(hidden, table, communities=[0, 0])
    assert report["network"]["pseudonymized"]
    assert "ann" not in json.dumps(report)
