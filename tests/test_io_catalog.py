"""Every network of ../shared/data loads with the node and edge counts of its CATALOG.md (skips when absent).

Where the catalog counts edge *records* (self-loops, both directions of SNAP's undirected lists, parallel edges of a
multigraph, repeated routes), the test pins our merged count and checks that
``edges + self_loops_dropped + duplicates_merged`` gives the catalog's record count back.
"""

from __future__ import annotations

import pytest

from inroads.io import read

pytestmark = pytest.mark.data

# file, read options, catalog nodes, our edges, directed, catalog figure and how it relates to ours
CATALOG = [
    ("newman-karate/karate.gml", {}, 34, 78, False, None),
    ("networkx-classics/karate_club.graphml", {"strength": "weight"}, 34, 78, False, None),
    ("networkx-classics/florentine_families.graphml", {}, 15, 20, False, None),
    ("networkx-classics/davis_southern_women.graphml", {}, 32, 89, False, None),
    ("networkx-classics/les_miserables.graphml", {"strength": "weight"}, 77, 254, False, None),
    ("newman-lesmis/lesmis.gml", {"strength": "value"}, 77, 254, False, None),
    ("newman-dolphins/dolphins.gml", {}, 62, 159, False, None),
    ("newman-football/football.gml", {}, 115, 613, False, None),
    # 19,016 edge records = 19,014 directed edges + 2 self-loops (catalog note).
    ("adamic-polblogs/polblogs.gml", {}, 1490, 19014, True, ("records", 19016)),
    ("newman-polbooks/polbooks.gml", {}, 105, 441, False, None),
    ("newman-netscience/netscience.gml", {"strength": "value"}, 1589, 2742, False, None),
    # multigraph 1: 2,359 edge records, 14 of them parallel to another (strengths summed).
    ("newman-celegansneural/celegansneural.gml", {"strength": "value"}, 297, 2345, True, ("records", 2359)),
    ("konect-moreno-train/moreno_train.gml", {"strength": "attr1"}, 64, 243, False, None),
    ("newman-power-grid/power.graph", {}, 4941, 6594, False, None),
    # SNAP counts 14,496 edges including 12 self-loops; the file lists each edge twice (CRLF).
    ("snap-ca-GrQc/CA-GrQc.txt", {}, 5242, 14484, False, ("loops included", 14496)),
    ("snap-bitcoin-otc/soc-sign-bitcoinotc.csv.gz", {"directed": True}, 5881, 35592, True, None),
    ("snap-ego-Facebook/facebook_combined.txt.gz", {}, 4039, 88234, False, None),
    ("snap-wiki-Vote/wiki-Vote.txt", {"directed": True}, 7115, 103689, True, None),
    ("musae-twitch/edges.csv", {}, 7126, 35324, False, None),
    # 67,663 routes over 37,595 distinct airport pairs, one of which is a self-loop.
    (
        "openflights-routes/routes.dat",
        {"source": "Source", "target": "Dest", "directed": True},
        3425,
        37594,
        True,
        ("records", 67663),
    ),
]


@pytest.mark.parametrize(
    ("file", "options", "nodes", "edges", "directed", "published"), CATALOG, ids=[c[0] for c in CATALOG]
)
def test_catalog_counts(shared_data, file, options, nodes, edges, directed, published):
    g = read(shared_data / file, **options)
    assert (g.n, g.m, g.directed) == (nodes, edges, directed)
    loops, duplicates = g.meta["self_loops_dropped"], g.meta["duplicates_merged"]
    if published is not None:
        kind, figure = published
        if kind == "records":
            assert g.m + loops + duplicates == figure
        else:
            assert g.m + loops == figure
    if file.startswith("snap-ca"):
        assert loops == 12 and duplicates == edges  # every edge listed twice
    if options.get("strength"):
        assert g.weighted and (g.weights > 0).all()


def test_catalog_node_attributes(shared_data):
    twitch = read(shared_data / "musae-twitch/edges.csv", nodes=shared_data / "musae-twitch/target.csv")
    assert twitch.n == 7126 and set(twitch.nodes["target"]) == {"0", "1"}
    polblogs = read(shared_data / "adamic-polblogs/polblogs.gml")
    assert (polblogs.nodes["value"] == 0).sum() == 758 and (polblogs.nodes["value"] == 1).sum() == 732
    football = read(shared_data / "newman-football/football.gml")
    assert football.nodes["value"].nunique() == 12
    lesmis = read(shared_data / "newman-lesmis/lesmis.gml")
    assert "Valjean" in lesmis.labels.tolist()


def test_catalog_largest_components(shared_data):
    assert read(shared_data / "snap-ca-GrQc/CA-GrQc.txt").largest_component().n == 4158
    assert read(shared_data / "newman-netscience/netscience.gml").largest_component().n == 379
    assert read(shared_data / "adamic-polblogs/polblogs.gml", directed=False).largest_component().n == 1222
