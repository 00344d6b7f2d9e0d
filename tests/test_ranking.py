"""The one ranking order: highest score first, ties by id as text, NaN last; every ranked output agrees with it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from inroads.ranking import by_score, id_ranks, order_by_score, top_scores

scores_and_ids = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, float("nan")]), min_size=n, max_size=n),
        st.lists(st.text("abc10", min_size=1, max_size=3), min_size=n, max_size=n, unique=True),
    )
)


@given(scores_and_ids)
def test_order_is_score_then_id(pair) -> None:
    scores, ids = np.array(pair[0]), np.array(pair[1], dtype=object)
    order = order_by_score(scores, ids)
    expected = sorted(range(len(ids)), key=lambda i: (-np.nan_to_num(scores[i], nan=-np.inf), str(ids[i])))
    assert order.tolist() == expected


@given(scores_and_ids, st.integers(0, 10))
def test_top_scores_is_the_head_of_the_order(pair, top) -> None:
    series = pd.Series(pair[0], index=pair[1], dtype=float)
    head = top_scores(series, top)
    assert head.index.tolist() == [pair[1][i] for i in order_by_score(series.to_numpy(), np.array(pair[1]))[:top]]
    assert top_scores(series, None) is series


def test_ids_compare_as_text() -> None:
    assert id_ranks(np.array([10, 9, 100])).tolist() == [0, 2, 1]  # "10" < "100" < "9"
    assert by_score(np.ones(3), id_ranks(np.array(["b", "a", "c"])), np.array([2, 0])).tolist() == [0, 2]
