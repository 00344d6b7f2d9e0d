"""LinkedIn Connections.csv exports joined into a team network; the --nodes table and --label-column."""

from __future__ import annotations

import pytest

from inroads.errors import OptionError
from inroads.io import read

PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def export(tmp_path, name: str, rows: list[str]) -> str:
    path = tmp_path / name
    path.write_text(PREAMBLE + HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return str(path)


@pytest.fixture
def team(tmp_path):
    ann = export(
        tmp_path,
        "ann_lee_Connections.csv",
        [
            "Bo,Chan,https://www.linkedin.com/in/bo,,Acme,CTO,01 Jan 2024",
            "Cy,Dee,https://www.linkedin.com/in/cy,,Globex,Buyer,02 Jan 2024",
            "Raj,Patel,https://www.linkedin.com/in/raj,,Inroads,Sales,03 Jan 2024",
        ],
    )
    raj = export(
        tmp_path,
        "raj_patel_Connections.csv",
        [
            "Cy,Dee,https://www.linkedin.com/in/cy,,Globex,Buyer,05 Jan 2024",
            "Di,Eng,https://www.linkedin.com/in/di,,ACME ,Engineer,06 Jan 2024",
            ",,,,,,07 Jan 2024",
        ],
    )
    return [ann, raj]


def names_of_edges(g) -> set:
    u, v, _ = g.edges()
    names = g.display_names()
    return {tuple(sorted((names[a], names[b]))) for a, b in zip(u.tolist(), v.tolist(), strict=True)}


def test_exports_join_into_one_team_network(team):
    g = read(team)
    assert g.meta["format"] == "linkedin" and not g.directed
    assert sorted(g.display_names().tolist()) == ["Bo Chan", "Cy Dee", "Di Eng", "ann lee", "raj patel"]
    # Raj appears in Ann's export as a contact and is the same node as Raj the owner.
    assert names_of_edges(g) == {
        ("Bo Chan", "ann lee"),
        ("Cy Dee", "ann lee"),
        ("ann lee", "raj patel"),
        ("Cy Dee", "raj patel"),
        ("Di Eng", "raj patel"),
    }
    assert g.nodes.loc["https://www.linkedin.com/in/bo", "Company"] == "Acme"
    assert g.nodes.loc["https://www.linkedin.com/in/di", "Position"] == "Engineer"
    assert g.nodes["colleague"].tolist().count("yes") == 2


def test_owner_names_and_same_company_links(team):
    g = read(team, owner=["Ann Lee", "Raj Patel"], link_same_company=True)
    assert "Ann Lee" in g.display_names().tolist()
    # Bo (Acme) and Di ("ACME ") share an employer once case and spaces are ignored.
    assert ("Bo Chan", "Di Eng") in names_of_edges(g)
    assert g.m == 6


def test_owner_count_must_match(team):
    with pytest.raises(OptionError, match="1 --owner names for 2 exports"):
        read(team, owner=["Ann Lee"])


def test_single_export_is_a_star(tmp_path):
    path = export(tmp_path, "Connections.csv", ["A,B,,,X,Y,1 Jan 2024", "C,D,,,X,Y,1 Jan 2024"])
    g = read(path, owner=["Me"])
    assert g.n == 3 and g.m == 2 and g.out_degree()[g.index_of("Me")] == 2


def test_node_table_joins_and_adds_isolated_people(tmp_path):
    edges, people = tmp_path / "e.csv", tmp_path / "people.csv"
    edges.write_text("a,b\nb,c\n")
    people.write_text("id,name,role\nb,Bea,buyer\nc,,user\nz,Zed,prospect\n")
    g = read(edges, nodes=people, label_column="name")
    assert g.ids.tolist() == ["a", "b", "c", "z"]
    assert g.labels.tolist() == ["a", "Bea", "c", "Zed"]
    assert g.nodes.loc["z", "role"] == "prospect" and g.out_degree()[3] == 0
    assert g.meta["nodes_added"] == 1 and g.m == 2


def test_node_table_first_column_and_tsv(tmp_path):
    edges, people = tmp_path / "e.csv", tmp_path / "people.tsv"
    edges.write_text("a,b\n")
    people.write_text("person\tteam\na\tred\nb\tblue\n")
    g = read(edges, nodes=people)
    assert g.nodes["team"].tolist() == ["red", "blue"]


def test_label_column_from_the_files_own_attributes(tmp_path):
    path = tmp_path / "g.gml"
    path.write_text('graph [ node [ id 1 name "One" ] node [ id 2 name "Two" ] edge [ source 1 target 2 ] ]')
    assert read(path, label_column="name").labels.tolist() == ["One", "Two"]
    with pytest.raises(OptionError, match="no node column 'nick'"):
        read(path, label_column="nick")


def test_repeated_id_in_node_table(tmp_path):
    edges, people = tmp_path / "e.csv", tmp_path / "people.csv"
    edges.write_text("a,b\n")
    people.write_text("id,x\na,1\nb,2\na,3\n")
    with pytest.raises(Exception, match=r"people\.csv:4: id 'a' appears twice"):
        read(edges, nodes=people)
