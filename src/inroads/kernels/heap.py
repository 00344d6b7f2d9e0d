"""Min-heaps over preallocated arrays, for Dijkstra inside numba kernels.

The heaps are "lazy": a node may be pushed several times (once per improvement of its tentative distance) and stale
entries are skipped when popped, so the arrays need room for one entry per CSR entry plus one. That trades O(m)
memory per thread for simpler and, measured here, faster code than an indexed heap with decrease-key (1.15x slower).
The 4-ary heap (:func:`quad_push`, :func:`quad_pop`) is shallower and its four children share a cache line; it made
weighted closeness 1.3x faster than the binary one (benchmarks/README.md). The binary heap stays for callers that
pin the order in which equal keys pop.
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = ["heap_pop", "heap_push", "quad_pop", "quad_push"]


@nb.njit(cache=True, nogil=True, inline="always")
def heap_push(keys: np.ndarray, nodes: np.ndarray, size: int, key: float, node: int) -> int:
    """Insert ``(key, node)`` into the heap of ``size`` entries; return the new size.

    Examples
    --------
    >>> keys, nodes = np.empty(4), np.empty(4, dtype=np.int32)
    >>> size = heap_push(keys, nodes, 0, 2.0, 7)
    >>> size = heap_push(keys, nodes, size, 1.0, 3)
    >>> heap_pop(keys, nodes, size)[:2]
    (1.0, 3)
    """
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if keys[parent] <= key:
            break
        keys[i] = keys[parent]
        nodes[i] = nodes[parent]
        i = parent
    keys[i] = key
    nodes[i] = node
    return size + 1


@nb.njit(cache=True, nogil=True, inline="always")
def heap_pop(keys: np.ndarray, nodes: np.ndarray, size: int) -> tuple[float, int, int]:
    """Remove the smallest entry; return ``(key, node, new size)``. The heap must not be empty."""
    top_key = keys[0]
    top_node = int(nodes[0])
    size -= 1
    if size > 0:
        key = keys[size]
        node = nodes[size]
        i = 0
        while True:
            child = 2 * i + 1
            if child >= size:
                break
            if child + 1 < size and keys[child + 1] < keys[child]:
                child += 1
            if keys[child] >= key:
                break
            keys[i] = keys[child]
            nodes[i] = nodes[child]
            i = child
        keys[i] = key
        nodes[i] = node
    return top_key, top_node, size


@nb.njit(cache=True, nogil=True, inline="always")
def quad_push(keys: np.ndarray, nodes: np.ndarray, size: int, key: float, node: int) -> int:
    """Insert ``(key, node)`` into the 4-ary heap of ``size`` entries; return the new size.

    Examples
    --------
    >>> keys, nodes = np.empty(8), np.empty(8, dtype=np.int32)
    >>> size = 0
    >>> for node, key in enumerate([5.0, 3.0, 9.0, 1.0, 4.0]):
    ...     size = quad_push(keys, nodes, size, key, node)
    >>> popped = []
    >>> while size:
    ...     key, node, size = quad_pop(keys, nodes, size)
    ...     popped.append(node)
    >>> popped
    [3, 1, 4, 0, 2]
    """
    i = size
    while i > 0:
        parent = (i - 1) >> 2
        if keys[parent] <= key:
            break
        keys[i] = keys[parent]
        nodes[i] = nodes[parent]
        i = parent
    keys[i] = key
    nodes[i] = node
    return size + 1


@nb.njit(cache=True, nogil=True, inline="always")
def quad_pop(keys: np.ndarray, nodes: np.ndarray, size: int) -> tuple[float, int, int]:
    """Remove the smallest entry of the 4-ary heap; return ``(key, node, new size)``. The heap must not be empty."""
    top_key = keys[0]
    top_node = int(nodes[0])
    size -= 1
    if size > 0:
        key = keys[size]
        node = nodes[size]
        i = 0
        while True:
            first = 4 * i + 1
            if first >= size:
                break
            best = first
            best_key = keys[first]
            for child in range(first + 1, min(first + 4, size)):
                if keys[child] < best_key:
                    best_key = keys[child]
                    best = child
            if best_key >= key:
                break
            keys[i] = best_key
            nodes[i] = nodes[best]
            i = best
        keys[i] = key
        nodes[i] = node
    return top_key, top_node, size
