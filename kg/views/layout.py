"""Node positions for the graph view, computed in Python with networkx's ForceAtlas2.

The browser gets fixed positions and runs no physics: vis-network takes minutes to settle
past about 1,500 nodes, and a layout computed once is the same picture on every load.
`nx.forceatlas2_layout` (networkx 3.4+) needs numpy only, not scipy (not a kg dependency),
so the picture does not change with what else is installed. Its steps are dense n x n
sweeps, so two things keep a 5,000-event graph to a second or two: the leaves (nodes with
one neighbour) are not simulated but put in a ring around that neighbour afterwards, and
the number of steps shrinks as the graph grows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np

SPACING = 110.0  # screen pixels per node along each side of the drawing, at scale 1
MAX_SIMULATED = 2000  # ForceAtlas2 keeps n x n float64 arrays: 2,000 nodes are ~100 MB
PAIR_BUDGET = 30_000_000  # node pairs x steps: about two seconds on one core
MIN_STEPS, MAX_STEPS = 20, 150
LEAF_RADIUS = 45.0  # screen pixels from a leaf to its neighbour


def layout(nodes: Iterable[str], edges: Iterable[tuple[str, str]], seed: int = 1) -> dict[str, tuple[int, int]]:
    """Integer screen positions for `nodes`, from ForceAtlas2 over the undirected `edges`.

    The same nodes and edges (in any order) and seed always give the same positions. The
    drawing is centred on (0, 0) and about `SPACING * sqrt(n)` wide.

    >>> layout(["a", "b", "c"], [("a", "b"), ("b", "c")])  # doctest: +SKIP
    {'a': (-98, 40), 'b': (0, 0), 'c': (98, -40)}
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(set(nodes)))  # node order feeds the seeded start: keep it fixed
    H.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v in edges if u != v}))
    if not len(H):
        return {}
    core = _simulated(H)
    pos = _forceatlas2(core, seed, width=SPACING * math.sqrt(len(H)))
    _place_leaves(H, pos)
    return {node: (int(round(x)), int(round(y))) for node, (x, y) in pos.items()}


def steps(n: int) -> int:
    """ForceAtlas2 steps for `n` simulated nodes: many for a small graph, fewer for a big one."""
    return max(MIN_STEPS, min(MAX_STEPS, PAIR_BUDGET // max(n * n, 1)))


def _simulated(H: nx.Graph) -> nx.Graph:
    """The nodes ForceAtlas2 moves: all but the leaves, one node of a component made of
    leaves (a lone pair), and at most MAX_SIMULATED of them, the best connected."""
    chosen = {node for node in H if H.degree(node) != 1}
    for component in nx.connected_components(H):
        if not chosen & component:
            chosen.add(min(component, key=lambda node: (-H.degree(node), node)))
    if len(chosen) > MAX_SIMULATED:
        ranked = sorted(chosen, key=lambda node: (-H.degree(node), node))
        chosen = set(ranked[:MAX_SIMULATED])
    core = nx.Graph()
    core.add_nodes_from(node for node in H if node in chosen)
    core.add_edges_from((u, v) for u, v in H.edges() if u in chosen and v in chosen)
    return core


def _forceatlas2(core: nx.Graph, seed: int, width: float) -> dict[str, np.ndarray]:
    """ForceAtlas2 positions of `core`, centred and scaled to `width` screen pixels (room
    for every node, the leaves placed later too)."""
    n = len(core)
    if n == 1:
        return {node: np.zeros(2) for node in core}
    # Strong gravity keeps the many small components of a news graph near the main one
    # (else they set the drawing's extent and squeeze it); LinLog attraction separates
    # clusters. With these, 48 demo actors keep a median of 40 px to their nearest neighbour
    # (11 px with the defaults). Its division by the zero self-distance is harmless.
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = nx.forceatlas2_layout(
            core, max_iter=steps(n), seed=seed, strong_gravity=True, gravity=1.0, scaling_ratio=10.0, linlog=True
        )
    nodes = list(core)
    array = np.array([raw[node] for node in nodes], dtype=float)
    scaled = nx.rescale_layout(array, scale=width / 2)
    return dict(zip(nodes, scaled))


def _place_leaves(H: nx.Graph, pos: dict[str, np.ndarray]) -> None:
    """Put every node not yet placed on a ring around a placed neighbour, outwards first.

    Breadth-first from the simulated nodes, so a chain of leaves (or nodes cut by
    MAX_SIMULATED) hangs off the drawing one ring after another.
    """
    frontier = [node for node in H if node in pos]
    while frontier:
        children: dict[str, list[str]] = {}
        claimed: set[str] = set()
        for parent in frontier:
            for node in sorted(H[parent]):
                if node not in pos and node not in claimed:
                    claimed.add(node)
                    children.setdefault(parent, []).append(node)
        for parent, kids in children.items():
            centre = pos[parent]
            outwards = math.atan2(centre[1], centre[0]) if np.any(centre) else 0.0
            radius = max(LEAF_RADIUS, len(kids) * 28.0 / (2 * math.pi))
            for i, node in enumerate(kids):
                if len(kids) < 6:  # a few leaves fan out away from the middle
                    angle = outwards + (i - (len(kids) - 1) / 2) * 0.6
                else:  # many go all round their parent
                    angle = outwards + 2 * math.pi * i / len(kids)
                pos[node] = centre + radius * np.array([math.cos(angle), math.sin(angle)])
        frontier = [kid for kids in children.values() for kid in kids]
