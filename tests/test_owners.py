"""The team is not a target: the owners of the records are --me by default and never on the shortlist."""

from __future__ import annotations

from inroads.influencers import annotate, shortlist
from inroads.io import read

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_three_colleagues_linkedin_exports_are_not_ranks_1_to_3(tmp_path):
    contacts = {
        "ann_lee": ["Raj,Patel", "Mo,Chen", "C1,X", "C2,X", "C3,X", "Shared,One"],
        "raj_patel": ["Ann,Lee", "Mo,Chen", "D1,Y", "D2,Y", "D3,Y", "Shared,One"],
        "mo_chen": ["Ann,Lee", "Raj,Patel", "E1,Z", "E2,Z", "E3,Z"],
    }
    paths = []
    for owner, rows in contacts.items():
        path = tmp_path / f"{owner}_Connections.csv"
        path.write_text(HEADER + "".join(f"{row},,,Acme,Staff,01 Jan 2024\n" for row in rows), encoding="utf-8")
        paths.append(path)
    g = read(paths)
    assert sorted(g.meta["owners"]) == ["ann lee", "mo chen", "raj patel"]
    listed = shortlist(g, size=6)
    assert not set(listed["id"]) & set(g.meta["owners"])
    assert listed.attrs["me"] == "ann lee"
    # Without the rule, the three colleagues (every tie runs through them) top the list.
    analyst = shortlist(g, size=6, include_owners=True)
    assert set(analyst["id"].head(3)) == {"ann lee", "mo chen", "raj patel"}
    table = annotate(g, size=6)
    assert (table.loc[g.meta["owners"], "type"] == "none").all()


def test_team_intro_paths_start_from_the_closest_member(tmp_path):
    from inroads.graph import Graph
    from inroads.intro import intro_paths

    # ann - raj are colleagues; x is raj's contact, y is ann's.
    g = Graph.from_edges(["ann", "raj", "raj", "ann"], ["raj", "x", "y", "y"], meta={"owners": ["ann", "raj"]})
    hops, paths = intro_paths(g, g.index_of("ann"), g.indices_of(["x", "y", "raj"]))
    assert hops.tolist() == [1, 1, 0] and paths == ["raj → x", "Me → y", "raj"]
    g.meta["owners"] = []
    hops, paths = intro_paths(g, g.index_of("ann"), g.indices_of(["x"]))
    assert hops.tolist() == [2] and paths == ["Me → raj → x"]


def test_team_reaches_what_the_user_alone_cannot():
    from inroads.graph import Graph
    from inroads.intro import intro_paths

    g = Graph.from_edges(["ann", "raj"], ["y", "x"], directed=True, meta={"owners": ["ann", "raj"]})
    hops, paths = intro_paths(g, g.index_of("ann"), g.indices_of(["x", "y"]))
    assert hops.tolist() == [1, 1] and paths == ["raj → x", "Me → y"]
    g.meta["owners"] = ["ann"]
    hops, paths = intro_paths(g, g.index_of("ann"), g.indices_of(["x"]))
    assert hops.isna().all() and paths == [""]
