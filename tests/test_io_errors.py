"""Bad input: each case gives one line naming the file (and line), the fix, exit code 2, and writes nothing."""

from __future__ import annotations

import gzip

import pytest

from inroads.cli import main
from inroads.errors import InputError, InroadsError, OptionError
from inroads.io import read

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<graphml><graph edgedefault="undirected"><node id="&lol3;"/></graph></graphml>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE g [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<graphml><graph edgedefault="undirected"><node id="&secret;"/></graph></graphml>"""

# (file name, content, extra options, pattern the one line must match)
CASES = {
    "empty": ("empty.csv", b"", {}, r"empty\.csv: the file holds no edges"),
    "comments only": ("c.txt", b"# nothing\n\n", {}, r"c\.txt: the file holds no edges"),
    "one column": ("one.csv", b"a,b\nc,d\ne\nf,g\n", {}, r"one\.csv:3: line 3 has 1 column"),
    "one column first": ("first.csv", b"# x\nlonely\n", {}, r"first\.csv:2: line 2 has one column"),
    "non-numeric strength": (
        "w.csv",
        b"u,v,w\na,b,1\nb,c,high\n",
        {"strength": "w"},
        r"w\.csv:3: strength 'high' is not a number",
    ),
    "zero strength": (
        "z.csv",
        b"u,v,w\n# c\na,b,1\n\nb,c,0\n",
        {"strength": "w"},
        r"z\.csv:5: strength '0' is not positive",
    ),
    "negative distance": ("n.txt", b"a b -2\n", {"distance": "3"}, r"n\.txt:1: distance '-2' is not positive"),
    "empty id": ("blank.csv", b"a,b\nc,\n", {}, r"blank\.csv:2: an edge with an empty target id"),
    "unknown extension": ("people.xlsx", b"PK\x03\x04", {}, r"people\.xlsx: unknown format '\.xlsx'"),
    "entity bomb": ("bomb.graphml", BOMB, {}, r"bomb\.graphml: the XML declares the entity 'lol'"),
    "external entity": ("ext.graphml", EXTERNAL, {}, r"ext\.graphml: the XML declares the external entity 'secret'"),
    "binary named csv": ("data.csv", bytes(range(256)) * 4, {}, r"data\.csv: this is a binary file"),
    "latin-1 named csv": ("latin.csv", "a,b\nJosé,Zoë\n".encode("latin-1"), {}, r"latin\.csv:2: this is not UTF-8"),
    "damaged gzip": ("broken.csv.gz", gzip.compress(b"a,b\n")[:-6], {}, r"broken\.csv\.gz: damaged gzip file"),
    "malformed xml": ("cut.graphml", b"<graphml><graph><node id='a'/>", {}, r"cut\.graphml:1: malformed XML"),
    "gml syntax": (
        "g.gml",
        b"graph [\n node [ id 1 ]\n edge [ source 1 target ]\n",
        {},
        r"g\.gml:3: key 'target' has no value",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_is_one_clean_line(tmp_path, case):
    name, content, options, pattern = CASES[case]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InroadsError, match=pattern) as caught:
        read(path, **options)
    line = caught.value.line()
    assert "\n" not in line and " — " in line, "one line with a fix"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nowhere\.csv: file not found — check the path"):
        read(tmp_path / "nowhere.csv")


def test_unknown_forced_format(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("a,b\n")
    with pytest.raises(OptionError, match=r"--format-in: unknown format 'excel' — formats are: csv"):
        read(path, format="excel")


def test_node_table_matching_nothing(tmp_path):
    edges, people = tmp_path / "e.csv", tmp_path / "people.csv"
    edges.write_text("a,b\nb,c\n")
    people.write_text("id,name\nx,X\ny,Y\n")
    with pytest.raises(InputError, match=r"people\.csv: none of the 2 ids in the node table is a node"):
        read(edges, nodes=people)


def test_missing_weight_column_lists_the_columns(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("u,v,w\na,b,1\n")
    with pytest.raises(OptionError, match=r"--strength: .*no edge attribute 'weight' — edge attributes are: w"):
        read(path, strength="weight")


def test_options_that_do_not_apply_are_refused(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("a,b\n")
    with pytest.raises(OptionError, match="--owner"):
        read(path, owner=["Ann"])
    with pytest.raises(OptionError, match="--reverse"):
        read(path, reverse=True)
    with pytest.raises(OptionError, match="both"):
        read(path, strength="1", distance="1")


@pytest.mark.parametrize("case", ["empty", "one column", "non-numeric strength", "entity bomb", "binary named csv"])
def test_cli_prints_one_line_exits_2_and_writes_nothing(tmp_path, capsys, case):
    name, content, options, _ = CASES[case]
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out.json"
    argv = ["info", str(path), "--format", "json", "-o", str(out)]
    for key, value in options.items():
        argv += [f"--{key}", value]
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert not out.exists()


def test_cli_missing_file_and_unmatched_nodes(tmp_path, capsys):
    edges, people = tmp_path / "e.csv", tmp_path / "p.csv"
    edges.write_text("a,b\n")
    people.write_text("id\nzzz\n")
    for argv in (["info", str(tmp_path / "missing.csv")], ["info", str(edges), "--nodes", str(people)]):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err


def test_convert_writes_nothing_on_error(tmp_path, capsys):
    bad, out = tmp_path / "bad.csv", tmp_path / "out.inroads"
    bad.write_text("a,b,w\nc,d,-1\n")
    with pytest.raises(SystemExit) as done:
        main(["convert", str(bad), str(out), "--strength", "w"])
    assert done.value.code == 2 and not out.exists()
    assert "bad.csv:2" in capsys.readouterr().err
