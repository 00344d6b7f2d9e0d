"""inroads as a NetworkX backend: ``nx.betweenness_centrality(G, backend="inroads")`` runs inroads' engine.

A thin face with no logic of its own beyond mapping NetworkX's arguments and nodes onto the engine:
:mod:`~inroads.networkx_backend.graph` converts graphs, :mod:`~inroads.networkx_backend.algorithms` holds the
functions with NetworkX's signatures, :mod:`~inroads.networkx_backend.interface` the object NetworkX loads (entry
point ``networkx.backends``). What NetworkX shows about the backend is in the separate, import-free package
``_inroads_networkx`` (entry point ``networkx.backend_info``), so that ``import networkx`` stays fast.
"""

from __future__ import annotations

from inroads.networkx_backend.graph import BackendGraph, convert_from_nx, convert_to_nx
from inroads.networkx_backend.interface import BackendInterface, backend_interface

__all__ = ["BackendGraph", "BackendInterface", "backend_interface", "convert_from_nx", "convert_to_nx"]
