"""A binary min-heap over preallocated arrays, for Dijkstra inside numba kernels.

The heap is "lazy": a node may be pushed several times (once per improvement of its tentative distance) and stale
entries are skipped when popped, so the arrays need room for one entry per CSR entry plus one. That trades O(m)
memory per thread for the simpler and, in practice, faster code of a heap without decrease-key.
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = ["heap_pop", "heap_push", "indexed_pop", "indexed_push"]


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
def _sift_up(keys: np.ndarray, nodes: np.ndarray, where: np.ndarray, i: int, key: float, node: int) -> None:
    while i > 0:
        parent = (i - 1) >> 1
        if keys[parent] <= key:
            break
        keys[i] = keys[parent]
        nodes[i] = nodes[parent]
        where[nodes[i]] = i
        i = parent
    keys[i] = key
    nodes[i] = node
    where[node] = i


@nb.njit(cache=True, nogil=True, inline="always")
def indexed_push(keys: np.ndarray, nodes: np.ndarray, where: np.ndarray, size: int, key: float, node: int) -> int:
    """Insert ``node`` with ``key``, or lower its key if it is already queued; return the new size.

    ``where[node]`` is the node's slot in the heap, -1 when it is not queued (all -1 on first use; :func:`indexed_pop`
    leaves popped nodes at -1 again). The heap never holds a node twice, so it needs only ``n`` slots and Dijkstra
    pops each node once.

    Examples
    --------
    >>> keys, nodes, where = np.empty(3), np.empty(3, dtype=np.int32), np.full(3, -1, dtype=np.int64)
    >>> size = indexed_push(keys, nodes, where, 0, 5.0, 0)
    >>> size = indexed_push(keys, nodes, where, size, 4.0, 1)
    >>> size = indexed_push(keys, nodes, where, size, 3.0, 0)  # decrease: still two entries
    >>> size, indexed_pop(keys, nodes, where, size)[:2]
    (2, (3.0, 0))
    """
    slot = where[node]
    if slot < 0:
        _sift_up(keys, nodes, where, size, key, node)
        return size + 1
    if key < keys[slot]:
        _sift_up(keys, nodes, where, slot, key, node)
    return size


@nb.njit(cache=True, nogil=True, inline="always")
def indexed_pop(keys: np.ndarray, nodes: np.ndarray, where: np.ndarray, size: int) -> tuple[float, int, int]:
    """Remove the smallest entry; return ``(key, node, new size)``. The heap must not be empty."""
    top_key = keys[0]
    top_node = int(nodes[0])
    where[top_node] = -1
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
            where[nodes[i]] = i
            i = child
        keys[i] = key
        nodes[i] = node
        where[node] = i
    return top_key, top_node, size
