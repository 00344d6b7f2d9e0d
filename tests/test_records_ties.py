"""The tie rules, one test each (each fails when its rule is removed), through interaction and membership tables."""

from __future__ import annotations

import pytest

from inroads.errors import InputError, OptionError
from inroads.influencers import shortlist
from inroads.io import read
from inroads.io.records.ties import Records, RuleOptions, build_graph


def strengths(g) -> dict[tuple[str, str], float]:
    u, v, w = g.edges()
    return {
        tuple(sorted((g.ids[a], g.ids[b]))): round(x, 9)
        for a, b, x in zip(u.tolist(), v.tolist(), w.tolist(), strict=False)
    }


def table(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_interactions_reciprocity(tmp_path):
    path = table(tmp_path, "log.csv", "who,whom\nann,bo\nbo,ann\nann,cy\nann,bo\n")
    g = read(path)
    assert g.meta["format"] == "interactions"
    assert strengths(g) == {("ann", "bo"): 3.0}  # ann-cy went one way only
    assert g.meta["records_dropped"] == {"one-way pairs (--one-way keeps them)": 1}
    assert strengths(read(path, rules={"one_way": True})) == {("ann", "bo"): 3.0, ("ann", "cy"): 1.0}


def test_half_life_decay(tmp_path):
    path = table(tmp_path, "log.csv", "who,whom,when\nann,bo,2024-07-01\nbo,ann,2024-01-03\ncy,ann,\nann,cy,\n")
    # 2024-01-03 is 180 days before 2024-07-01 (the newest record): it weighs half. Undated contact is not decayed.
    g = read(path, rules={"half_life": "180d"})
    assert strengths(g) == {("ann", "bo"): 1.5, ("ann", "cy"): 2.0}
    assert g.meta["records_notes"] == {"undated records (not decayed)": 2}
    assert strengths(read(path)) == {("ann", "bo"): 2.0, ("ann", "cy"): 2.0}


def test_weights_and_directed(tmp_path):
    path = table(tmp_path, "log.tsv", "who\twhom\tweight\tkind\nann\tbo\t2\treply\nbo\tann\t0.5\treaction\n")
    g = read(path, directed=True)
    assert g.directed and g.n == 2
    assert g.meta["records_read"] == {"rows": 2, "rows of kind reply": 1, "rows of kind reaction": 1}
    u, v, w = g.edges()
    assert {(g.ids[a], g.ids[b]): x for a, b, x in zip(u.tolist(), v.tolist(), w.tolist(), strict=False)} == {
        ("ann", "bo"): 2.0,
        ("bo", "ann"): 0.5,
    }


def test_memberships_newman_weighting(tmp_path):
    path = table(tmp_path, "events.csv", "person,group\nann,e1\nbo,e1\ncy,e1\nann,e2\nbo,e2\n")
    g = read(path)
    assert g.meta["format"] == "memberships"
    # e1 has 3 people: 1/(3-1) per pair; e2 has 2: 1.
    assert strengths(g) == {("ann", "bo"): 1.5, ("ann", "cy"): 0.5, ("bo", "cy"): 0.5}


def test_max_group_leaves_out_large_groups(tmp_path):
    rows = "".join(f"p{i},all\n" for i in range(5)) + "p0,pair\np1,pair\n"
    path = table(tmp_path, "m.csv", "person,group\n" + rows)
    g = read(path, rules={"max_group": 4})
    assert strengths(g) == {("p0", "p1"): 1.0}
    assert g.meta["records_dropped"] == {"groups larger than --max-group 4": 1}
    assert read(path).m == 10


def test_window_on_groups(tmp_path):
    path = table(tmp_path, "m.csv", "person,group,when\nann,a,2020-01-01\nbo,a,2020-01-01\nann,b,2024-01-01\ncy,b,\n")
    g = read(path, rules={"since": "2023-01-01"})
    assert strengths(g) == {("ann", "cy"): 1.0}


def test_names_and_addresses_as_keys(tmp_path):
    path = table(tmp_path, "log.csv", "who,whom\nAnn  Lee,Bo@X.org\nbo+crm@x.org,ann lee\n")
    g = read(path)
    assert strengths(g) == {("ann lee", "bo@x.org"): 2.0}
    assert g.labels.tolist() == ["Ann Lee", "bo@x.org"]


def test_bad_tables(tmp_path):
    with pytest.raises(InputError, match="no column 'whom'"):
        read(table(tmp_path, "a.csv", "who,when\na,2024-01-01\n"), format="interactions")
    with pytest.raises(InputError, match=r"a\.csv:3"):
        read(table(tmp_path, "a.csv", "who,whom,weight\na,b,1\nb,a,-2\n"))
    with pytest.raises(InputError, match="cannot read the date"):
        read(table(tmp_path, "a.csv", "who,whom,when\na,b,someday\n"))
    with pytest.raises(InputError, match="no ties"):
        read(table(tmp_path, "a.csv", "who,whom\na,b\n"))
    with pytest.raises(OptionError, match="--since is after --until"):
        read(table(tmp_path, "a.csv", "who,whom\na,b\nb,a\n"), rules={"since": "2024-02-01", "until": "2024-01-01"})
    with pytest.raises(OptionError, match="records options"):
        read(table(tmp_path, "e.csv", "a,b\n"), rules={"one_way": True})


def test_build_graph_groups_count_both_ways():
    records = Records("test", "x")
    a, b, c = (records.person(k) for k in "abc")
    records.contact(a, b, 0.0, 1.0)  # one way, but a and b also met: a relationship
    records.group([a, b, c], 0.0)
    g = build_graph(records, RuleOptions())
    assert strengths(g) == {("a", "b"): 1.5, ("a", "c"): 0.5, ("b", "c"): 0.5}


def test_owners_are_me_and_never_listed(tmp_path):
    rows = ["who,whom"]
    # ann (the owner) knows everyone; two groups meet only through her and through x.
    for p in ("b1", "b2", "b3", "x"):
        rows += [f"ann,{p}", f"{p},ann"]
    for p in ("c1", "c2", "c3"):
        rows += [f"x,{p}", f"{p},x"]
    rows += ["b1,b2", "b2,b1"]
    g = read(table(tmp_path, "log.csv", "\n".join(rows) + "\n"))
    g.meta["owners"] = ["ann"]
    listed = shortlist(g, size=4)
    assert "ann" not in listed["id"].tolist()
    assert listed.attrs["me"] == "ann" and "hops_from_me" in listed.columns
    assert "ann" in shortlist(g, size=4, include_owners=True)["id"].tolist()


def test_table_columns_named_by_source_target_strength(tmp_path):
    path = table(tmp_path, "crm.csv", "From,To,Count,Date\nann,bo,2,2024-01-01\nbo,ann,1,2024-01-02\n")
    g = read(path, format="interactions", source="from", target="to", strength="count")
    assert strengths(g) == {("ann", "bo"): 3.0}
    members = table(tmp_path, "board.csv", "name;board\nann;acme\nbo;acme\n")
    assert strengths(read(members, format="memberships", source="name", target="board")) == {("ann", "bo"): 1.0}
    with pytest.raises(OptionError, match="--distance"):
        read(path, format="interactions", source="from", target="to", distance="count")
