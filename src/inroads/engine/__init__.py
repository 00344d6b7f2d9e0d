"""Where kernels run: this machine's threads (:mod:`inroads.engine.local`) or a Dask cluster.

The unit of work is a *batch of sources*. :func:`run_batch(kernel, arrays, sources) <inroads.engine.local.run_batch>`
is pure: it runs one numba kernel (``"betweenness"`` or ``"distances"``) over the CSR arrays of a graph from the given
sources and returns partial sums that **add up** over disjoint batches. The local engine sums them in a loop with
progress and Ctrl-C; a Dask backend runs the same function per batch on workers
(:func:`~inroads.engine.local.batch_function` gives the picklable ``batch_fn(graph, sources)``) and sums the partials.
Rescaling happens once, after the sum, in :mod:`inroads.measures.normalize`.
"""

from inroads.engine.local import (
    GraphArrays,
    batch_function,
    get_threads,
    graph_batch,
    run_batch,
    run_sources,
    set_threads,
)

__all__ = ["GraphArrays", "batch_function", "get_threads", "graph_batch", "run_batch", "run_sources", "set_threads"]
