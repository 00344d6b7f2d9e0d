"""The majority illusion (Lerman, Yan & Wu 2016): how many people see a majority that does not exist.

Each person observes the people whose messages reach them: their neighbours in an undirected network, their
*in*-neighbours in a directed one (``A -> B`` means A's message reaches B, see DESIGN.md). A person's *perceived
share* is the fraction of those they observe who hold the attribute. The illusion is a local majority (perceived
share above the threshold) of something that is globally rare (global share below the threshold).

All figures are sparse matrix–vector products over the CSR arrays; there is no Python loop over nodes or edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from inroads.errors import GraphError, OptionError
from inroads.graph import Graph

__all__ = [
    "IllusionResult",
    "attribute_holders",
    "degree_assortativity",
    "degree_attribute_correlation",
    "illusion",
    "observed_counts",
    "what_if",
]


@dataclass
class IllusionResult:
    """The majority illusion measured on one graph and one attribute.

    Attributes
    ----------
    summary : dict
        ``nodes``, ``holders``, ``global_share``, ``threshold``, ``observers`` (people with at least one neighbour
        they observe), ``no_neighbours`` (the rest, counted apart), ``seeing_majority`` and ``share_seeing_majority``
        (Lerman et al.'s :math:`P_{>t}` over observers), ``share_under_illusion`` (the same when the global share is
        below the threshold, else 0), ``non_holders_seeing_majority`` and its share among observers who do not hold
        the attribute, ``mean_perceived_share``, ``rho_kx`` and ``r_kk``.
    per_node : pandas.DataFrame
        One row per node: ``id``, ``holds``, ``observed`` (how many they observe), ``observed_holders``,
        ``perceived_share`` (NaN without neighbours) and ``sees_majority``.
    by_degree_decile : pandas.DataFrame
        Observers split into ten equal groups by how many they observe (ties by node id): ``decile`` (1 = fewest),
        ``people``, ``min_observed``, ``max_observed``, ``holders_share``, ``mean_perceived_share``,
        ``share_seeing_majority``.
    """

    summary: dict[str, Any]
    per_node: pd.DataFrame
    by_degree_decile: pd.DataFrame


def attribute_holders(g: Graph, attribute: str | Sequence[bool] | np.ndarray, *, value: Any = None) -> np.ndarray:
    """Boolean mask of the nodes holding the attribute.

    ``attribute`` is a column of ``g.nodes`` or a boolean array with one entry per node. With ``value=None`` the column
    must be yes/no (booleans, or numbers that are only 0 and 1); otherwise a node holds the attribute when its value,
    compared as text, equals ``value`` (so ``--value 1`` matches the number 1).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"party": ["x", "y", "x"]}, index=["a", "b", "c"])
    >>> g = Graph.from_edges(["a", "b"], ["b", "c"], nodes=table)
    >>> attribute_holders(g, "party", value="x").tolist()
    [True, False, True]
    """
    if not isinstance(attribute, str):
        mask = np.asarray(attribute)
        if mask.shape != (g.n,):
            raise OptionError(f"the attribute array has shape {mask.shape}, the graph {g.n} nodes")
        return mask.astype(bool)
    columns = [] if g.nodes is None else [str(c) for c in g.nodes.columns]
    if g.nodes is None or attribute not in g.nodes.columns:
        fix = f"columns are: {', '.join(columns)}" if columns else "give a node table with --nodes"
        raise OptionError(f"no node attribute {attribute!r}", where="--attribute", fix=fix)
    column = g.nodes[attribute].reindex(pd.Index(g.ids)) if len(g.nodes) != g.n else g.nodes[attribute]
    if value is None:
        if pd.api.types.is_bool_dtype(column):
            return column.fillna(False).to_numpy(dtype=bool)
        numbers = pd.to_numeric(column, errors="coerce")
        known = numbers.dropna()
        if known.size and numbers.notna().all() and known.isin([0, 1]).all():
            return numbers.to_numpy(dtype=np.float64) == 1
        seen = ", ".join(repr(v) for v in pd.unique(column.dropna().astype(str))[:5])
        raise OptionError(
            f"attribute {attribute!r} is not yes/no (values include {seen})",
            where="--value",
            fix="say which value counts as holding it with --value",
        )
    holders = (column.astype(str) == str(value)).to_numpy(dtype=bool) & column.notna().to_numpy()
    if not holders.any():
        seen = ", ".join(repr(v) for v in pd.unique(column.dropna().astype(str))[:8])
        raise OptionError(f"no node has {attribute} = {value!r}", where="--value", fix=f"values include {seen}")
    return holders


def observed_counts(g: Graph, holders: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(observed, observed_holders)`` per node: how many people each node observes, and how many of them hold it.

    A node observes its in-neighbours (its neighbours when undirected), so both counts are products with the
    transposed adjacency matrix: :math:`o = A^\\top \\mathbf{1}`, :math:`h = A^\\top x`.

    Examples
    --------
    >>> g = Graph.from_edges(["a", "c"], ["b", "b"], directed=True)  # a -> b <- c
    >>> observed, held = observed_counts(g, np.array([True, False, False]))
    >>> observed.tolist(), held.tolist()
    ([0, 2, 0], [0, 1, 0])
    """
    observed = g.in_degree().astype(np.int64)
    # csr.T is a CSC view; its matvec walks the CSR arrays once (no copy of the graph).
    adjacency = g.adjacency()
    held = adjacency.T @ holders.astype(np.float64) if g.directed else adjacency @ holders.astype(np.float64)
    return observed, np.rint(held).astype(np.int64)


def degree_attribute_correlation(g: Graph, holders: np.ndarray) -> float:
    """:math:`\\rho_{kx}`, the Pearson correlation between a node's degree and holding the attribute.

    The degree is how many people observe the node (its out-degree; the degree when undirected), which is what makes
    a holder visible. NaN when either is constant.

    Examples
    --------
    >>> g = Graph.from_edges(["hub", "hub", "hub"], ["a", "b", "c"])
    >>> degree_attribute_correlation(g, np.array([True, False, False, False]))
    1.0
    """
    degree = g.out_degree().astype(np.float64)
    x = holders.astype(np.float64)
    if degree.std() == 0 or x.std() == 0:
        return float("nan")
    return float(np.corrcoef(degree, x)[0, 1])


def degree_assortativity(g: Graph) -> float:
    """:math:`r_{kk}`, Newman's degree assortativity: the Pearson correlation of degrees at the two ends of an edge.

    Undirected: over both orientations of every edge. Directed: out-degree of the source against in-degree of the
    target. Equals NetworkX ``degree_assortativity_coefficient`` (NaN when the degrees at one end are constant).

    Examples
    --------
    >>> round(degree_assortativity(Graph.from_edges(["hub", "hub", "hub"], ["a", "b", "c"])), 12)
    -1.0
    """
    entries = float(g.indices.size)
    if entries == 0:
        return float("nan")
    # Sums over CSR entries (u -> v) without materialising them: sum_e x_u y_v = x . (A y), and each u appears
    # out_u times as a source, each v in_v times as a target.
    out, into = g.out_degree().astype(np.float64), g.in_degree().astype(np.float64)
    mean_x, mean_y = (out @ out) / entries, (into @ into) / entries
    var_x = (out @ (out * out)) / entries - mean_x**2
    var_y = (into @ (into * into)) / entries - mean_y**2
    if var_x <= 1e-12 * mean_x**2 or var_y <= 1e-12 * mean_y**2:
        return float("nan")
    covariance = (out @ (g.adjacency() @ into)) / entries - mean_x * mean_y
    return float(covariance / np.sqrt(var_x * var_y))


def _check_threshold(threshold: float) -> float:
    threshold = float(threshold)
    if not 0 < threshold < 1:
        raise OptionError(f"threshold {threshold!r} is outside (0, 1)", where="--threshold", fix="use e.g. 0.5")
    return threshold


def _deciles(observed: np.ndarray, holds: np.ndarray, perceived: np.ndarray, sees: np.ndarray) -> pd.DataFrame:
    who = np.flatnonzero(observed > 0)
    columns = [
        "decile",
        "people",
        "min_observed",
        "max_observed",
        "holders_share",
        "mean_perceived_share",
        "share_seeing_majority",
    ]
    if who.size == 0:
        return pd.DataFrame(columns=columns)
    # Stable sort on degree keeps node order among equals, so groups are deterministic and of equal size.
    order = who[np.argsort(observed[who], kind="stable")]
    decile = np.empty(order.size, dtype=np.int64)
    decile[:] = np.arange(order.size) * 10 // order.size + 1
    frame = pd.DataFrame(
        {
            "decile": decile,
            "observed": observed[order],
            "holds": holds[order],
            "perceived": perceived[order],
            "sees": sees[order],
        }
    )
    grouped = frame.groupby("decile", sort=True)
    table = pd.DataFrame(
        {
            "people": grouped.size(),
            "min_observed": grouped["observed"].min(),
            "max_observed": grouped["observed"].max(),
            "holders_share": grouped["holds"].mean(),
            "mean_perceived_share": grouped["perceived"].mean(),
            "share_seeing_majority": grouped["sees"].mean(),
        }
    ).reset_index()
    return table[columns]


def illusion(
    g: Graph,
    attribute: str | Sequence[bool] | np.ndarray,
    *,
    value: Any = None,
    threshold: float = 0.5,
) -> IllusionResult:
    """Measure the majority illusion of ``attribute`` on ``g``.

    A node :math:`i` observing :math:`k_i > 0` people, :math:`h_i` of whom hold the attribute, has perceived share
    :math:`q_i = h_i / k_i` and *sees a majority* when :math:`q_i > t`. Over the observers,

    .. math:: P_{>t} = \\frac{|\\{i : k_i > 0,\\ q_i > t\\}|}{|\\{i : k_i > 0\\}|},

    which is Lerman et al.'s :math:`P_{>1/2}` at :math:`t = 1/2`. The share *under the illusion* is
    :math:`P_{>t}` when the global share :math:`\\langle x \\rangle` is below :math:`t` (else 0).

    Parameters
    ----------
    g : Graph
    attribute : str or array of bool
        A column of ``g.nodes`` or one boolean per node.
    value : optional
        The value that counts as holding the attribute (compared as text); None for a yes/no column.
    threshold : float
        In (0, 1); 0.5 is a majority.

    Returns
    -------
    IllusionResult

    Notes
    -----
    Nodes nobody's messages reach (no neighbours; in-degree 0 when directed) observe nothing: they are counted in
    ``no_neighbours`` and left out of every share over observers, but they count in the global share. Edge weights
    are ignored: everyone observed counts once. Cost: :math:`O(n + m)`.

    References
    ----------
    .. [1] K. Lerman, X. Yan, X.-Z. Wu, "The 'Majority Illusion' in Social Networks", PLOS ONE 11(2): e0147617,
       2016. https://doi.org/10.1371/journal.pone.0147617

    Examples
    --------
    A star whose hub alone is active: every leaf sees a majority of one, though 1 in 4 is active.

    >>> g = Graph.from_edges(["hub", "hub", "hub"], ["a", "b", "c"])
    >>> result = illusion(g, np.array([True, False, False, False]))
    >>> result.summary["global_share"], result.summary["share_seeing_majority"], result.summary["share_under_illusion"]
    (0.25, 0.75, 0.75)
    """
    threshold = _check_threshold(threshold)
    holds = attribute_holders(g, attribute, value=value)
    observed, held = observed_counts(g, holds)
    observers = observed > 0
    perceived = np.full(g.n, np.nan)
    np.divide(held, observed, out=perceived, where=observers)
    sees = observers & (perceived > threshold)
    global_share = float(holds.mean()) if g.n else float("nan")
    n_observers = int(observers.sum())
    seeing = int(sees.sum())
    share = seeing / n_observers if n_observers else float("nan")
    non_holder_observers = int((observers & ~holds).sum())
    non_holders_seeing = int((sees & ~holds).sum())
    summary: dict[str, Any] = {
        "nodes": g.n,
        "holders": int(holds.sum()),
        "global_share": global_share,
        "threshold": threshold,
        "observers": n_observers,
        "no_neighbours": g.n - n_observers,
        "seeing_majority": seeing,
        "share_seeing_majority": share,
        "share_under_illusion": share if global_share < threshold else 0.0,
        "non_holders_seeing_majority": non_holders_seeing,
        "share_of_non_holders_seeing_majority": (
            non_holders_seeing / non_holder_observers if non_holder_observers else float("nan")
        ),
        "mean_perceived_share": float(np.nanmean(perceived)) if n_observers else float("nan"),
        "rho_kx": degree_attribute_correlation(g, holds),
        "r_kk": degree_assortativity(g),
    }
    per_node = pd.DataFrame(
        {
            "id": g.ids,
            "holds": holds,
            "observed": observed,
            "observed_holders": held,
            "perceived_share": perceived,
            "sees_majority": sees,
        }
    )
    return IllusionResult(summary, per_node, _deciles(observed, holds, perceived, sees))


def what_if(
    g: Graph,
    attribute: str | Sequence[bool] | np.ndarray | None,
    endorsers: Sequence[int] | np.ndarray,
    *,
    value: Any = None,
    threshold: float = 0.5,
) -> tuple[IllusionResult, IllusionResult]:
    """The illusion before and after ``endorsers`` (internal node indices) take up the attribute.

    Endorsers hold the attribute on top of the existing holders; with ``attribute=None`` nobody holds it before.

    Examples
    --------
    >>> g = Graph.from_edges(["hub", "hub", "hub"], ["a", "b", "c"])
    >>> before, after = what_if(g, None, [0])
    >>> before.summary["seeing_majority"], after.summary["seeing_majority"]
    (0, 3)
    """
    base = np.zeros(g.n, dtype=bool) if attribute is None else attribute_holders(g, attribute, value=value)
    chosen = np.asarray(endorsers, dtype=np.int64)
    if chosen.size and (chosen.min() < 0 or chosen.max() >= g.n):
        raise GraphError("an endorser index is outside the graph")
    after = base.copy()
    after[chosen] = True
    return illusion(g, base, threshold=threshold), illusion(g, after, threshold=threshold)
