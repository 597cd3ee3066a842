"""The package's import layers: no import circles, and scoring never imports the lab.

The graph is read from the source with ``ast``: every ``import`` and ``from ... import`` of an
mtdetect module, at module level, under ``TYPE_CHECKING`` or inside a function (a lazy import
is a dependency all the same).
"""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

import mtdetect

PACKAGE = Path(mtdetect.__file__).parent
# Everything `mtdetect score` and `mtdetect batch` import, and what they import in turn.
SCORING = ("runner", "serial", "scoring", "parallel", "batch", "records", "rows", "distributed", "slices",
           "report", "writers", "html_report", "sarif", "features", "findings", "verdict", "model", "inference",
           "lengths", "language", "text", "markup", "decoding", "drift", "names", "explain")
# Corpus building, training, evaluation and experiments: never needed to score.
LAB = ("corpus", "training", "evaluation", "spin", "thesaurus", "plots", "workflows", "native_genres", "validation")


def _module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("mtdetect", *path.relative_to(PACKAGE).with_suffix("").parts)
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names ``node`` may import: the module itself and, for ``from``, each name as a submodule."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - node.level + 1]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    return [source] + [f"{source}.{alias.name}" for alias in node.names]


def import_graph() -> dict[str, set[str]]:
    """Each mtdetect module and the mtdetect modules it imports (a name inside a module counts as the module)."""
    modules = _module_names()
    graph = {}
    for module, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in _imported(node, module, path.name == "__init__.py"):
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name:
                    targets.add(name)
        graph[module] = targets - {module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as ``[a, b, ..., a]``, or None."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(module: str) -> list[str] | None:
        path.append(module)
        on_path.add(module)
        for target in sorted(graph[module]):
            if target in on_path:
                return path[path.index(target):] + [target]
            if target not in done and (cycle := visit(target)):
                return cycle
        path.pop()
        on_path.discard(module)
        done.add(module)
        return None

    for module in sorted(graph):
        if module not in done and (cycle := visit(module)):
            return cycle
    return None


def chains_to(graph: dict[str, set[str]], starts: list[str], ends: set[str]) -> list[list[str]]:
    """The shortest import chain from ``starts`` to each module of ``ends`` reached."""
    parent: dict[str, str | None] = dict.fromkeys(starts)
    queue = deque(starts)
    while queue:
        module = queue.popleft()
        for target in sorted(graph[module]):
            if target not in parent:
                parent[target] = module
                queue.append(target)
    chains = []
    for end in sorted(ends & parent.keys()):
        chain = [end]
        while (previous := parent[chain[-1]]) is not None:
            chain.append(previous)
        chains.append(chain[::-1])
    return chains


def test_the_graph_holds_every_named_module_and_lazy_imports() -> None:
    graph = import_graph()
    assert {f"mtdetect.{name}" for name in SCORING + LAB} <= graph.keys()
    assert "mtdetect.parallel" in graph["mtdetect.runner"]  # imported inside score_inputs only
    assert "mtdetect.features.transformers" in graph["mtdetect.model"]  # inside build_features
    assert "mtdetect.features.lexicon" in graph["mtdetect.features.parsed"]


def test_find_cycle_and_chains_on_a_small_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert chains_to(graph, ["d"], {"c"}) == [["d", "a", "b", "c"]]


def test_the_package_has_no_import_circle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_scoring_never_imports_the_lab() -> None:
    chains = chains_to(import_graph(), [f"mtdetect.{name}" for name in SCORING], {f"mtdetect.{name}" for name in LAB})
    assert chains == [], "scoring imports the lab:\n" + "\n".join(" -> ".join(chain) for chain in chains)
