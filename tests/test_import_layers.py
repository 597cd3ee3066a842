"""The package's import layers: no import circles, data flows one way between stage packages, scoring never imports the lab.

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
# The stage packages, upstream first (DESIGN.md): a module may import its own stage and the stages
# before it, never one after it. Stages of one rank (findings and model) do not import each other.
# ``run`` drives documents through scoring into a report writer, so it comes after both.
BASE = ("mtdetect", "mtdetect._compiled", "mtdetect.errors", "mtdetect.models")  # imported by any stage
STAGES: tuple[tuple[str, ...], ...] = (("inputs",), ("features",), ("findings", "model"), ("scoring",), ("report",),
                                       ("run",), ("lab",), ("cli",), ("__main__",))
# Everything `mtdetect score` and `mtdetect batch` import, and what they import in turn.
SCORING = ("cli", "run.runner", "run.serial", "run.parallel", "run.batch", "run.distributed", "run.rows",
           "report.writers", "scoring.paragraphs", "scoring.verdict", "scoring.explain", "model.load", "model.card",
           "features.transformers", "findings")
# Corpus building, training, evaluation and experiments: never needed to score.
LAB = ("lab.corpus", "lab.training", "lab.evaluation", "lab.spin", "lab.thesaurus", "lab.plots", "lab.workflows",
       "lab.native_genres", "lab.validation")
# The modules that import the lab only inside the commands that need it (train, eval).
LAB_COMMANDS = {"mtdetect.cli"}


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


def stage_of(module: str) -> int | None:
    """The rank of ``module``'s stage package in :data:`STAGES` (None for the base modules)."""
    if module in BASE:
        return None
    top = module.split(".")[1]
    ranks = [rank for rank, stage in enumerate(STAGES) if top in stage]
    assert ranks, f"{module} belongs to no stage package: add it to STAGES or BASE"
    return ranks[0]


def upstream_violations(graph: dict[str, set[str]]) -> list[str]:
    """Each import of a later stage, or of a sibling stage of the same rank, as ``a -> b``."""
    found = []
    for module, targets in sorted(graph.items()):
        rank = stage_of(module)
        for target in sorted(targets):
            target_rank = stage_of(target)
            if target_rank is None or module.split(".")[1] == target.split(".")[1]:
                continue
            if rank is None or target_rank >= rank:
                found.append(f"{module} -> {target}")
    return found


def test_the_graph_holds_every_named_module_and_lazy_imports() -> None:
    graph = import_graph()
    assert {f"mtdetect.{name}" for name in SCORING + LAB} <= graph.keys()
    assert "mtdetect.run.parallel" in graph["mtdetect.run.runner"]  # imported inside score_inputs only
    assert "mtdetect.features.transformers" in graph["mtdetect.model.load"]  # inside build_features
    assert "mtdetect.features._text.lexicon" in graph["mtdetect.features._text.parsed"]
    assert "mtdetect.lab.workflows" in graph["mtdetect.cli"]  # inside train and eval


def test_every_module_belongs_to_a_stage() -> None:
    for module in import_graph():
        stage_of(module)


def test_find_cycle_and_chains_on_a_small_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert chains_to(graph, ["d"], {"c"}) == [["d", "a", "b", "c"]]


def test_upstream_violations_on_a_small_graph() -> None:
    graph = {"mtdetect.inputs.text": {"mtdetect.scoring.verdict", "mtdetect.errors"},
             "mtdetect.model.load": {"mtdetect.findings.catalogue", "mtdetect.inputs.text"},
             "mtdetect.errors": {"mtdetect.inputs.text"}, "mtdetect.report.text": {"mtdetect.report.records"}}
    assert upstream_violations(graph) == ["mtdetect.errors -> mtdetect.inputs.text",
                                          "mtdetect.inputs.text -> mtdetect.scoring.verdict",
                                          "mtdetect.model.load -> mtdetect.findings.catalogue"]


def test_the_package_has_no_import_circle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_data_flows_one_way_between_stages() -> None:
    """inputs < features < findings, model < scoring < report < run < lab < cli; the base imports no stage."""
    violations = upstream_violations(import_graph())
    assert violations == [], "a stage imports a later one:\n" + "\n".join(violations)


def test_nothing_imports_the_lab_but_the_lab_and_the_cli() -> None:
    graph = import_graph()
    importers = sorted(module for module, targets in graph.items() if not module.startswith("mtdetect.lab")
                       and any(target.startswith("mtdetect.lab") for target in targets))
    assert set(importers) <= LAB_COMMANDS, importers


def test_scoring_never_imports_the_lab() -> None:
    """What ``mtdetect score`` loads: the cli without its train and eval commands, and all they import."""
    graph = import_graph()
    graph["mtdetect.cli"] = {target for target in graph["mtdetect.cli"] if not target.startswith("mtdetect.lab")}
    chains = chains_to(graph, [f"mtdetect.{name}" for name in SCORING], {f"mtdetect.{name}" for name in LAB})
    assert chains == [], "scoring imports the lab:\n" + "\n".join(" -> ".join(chain) for chain in chains)
