"""The package structure holds: a lean ``import core``, no import cycles, and layers that point one way.

Layers: ``core`` knows no app; ``jobmatch`` and ``cti_mapper`` never import each other; no library
module imports a CLI module. Checked on the source (``ast``), so a lazy import inside a function
counts for the layers too; cycles are checked over module-level imports, the ones that run at import.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "jobmatch", "cti_mapper")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_cli(module: str) -> bool:
    return any(part == "cli" or part.startswith("cli_") or part == "__main__" for part in module.split("."))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module, module: str, is_package: bool, modules, *, top_level_only: bool) -> set[str]:
    """Project modules imported by ``tree`` (``from a import b`` counts ``a.b`` when that is a module)."""
    found: set[str] = set()

    def visit(nodes) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node):
                continue  # annotations only: never runs
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = module.split(".") if is_package else module.split(".")[:-1]
                    package = package[: len(package) - (node.level - 1)]
                    base = ".".join([*package, base] if base else package)
                # Parent packages load implicitly with any submodule, so they are no edge of their own.
                names = [f"{base}.{alias.name}" for alias in node.names]
                found.update(name for name in names if name in modules)
                if any(name not in modules for name in names):
                    found.add(base)
            if top_level_only and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            children = list(ast.iter_child_nodes(node))
            if children and not isinstance(node, ast.Import | ast.ImportFrom):
                visit(children)

    visit(tree.body)
    return found


def _graph(*, top_level_only: bool) -> dict[str, set[str]]:
    files = {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}
    graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imported = _imports(tree, module, path.name == "__init__.py", files, top_level_only=top_level_only)
        graph[module] = {name for name in imported if name in files and name != module}
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for child in graph[todo.pop()]:
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The import cycles: each set of modules that all reach one another (strongly connected)."""
    reach = {module: _reachable(graph, module) for module in graph}
    return {frozenset({m} | {o for o in reach[m] if m in reach[o]}) for m in graph if m in reach[m]}


# Cycles tolerated for now: none since both CLIs became packages of commands over a common module.
KNOWN_CYCLES: set[frozenset[str]] = set()


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}
    assert _cycles({"a": {"b"}, "b": set()}) == set()


def test_no_import_cycles():
    graph = _graph(top_level_only=True)
    assert len(graph) > 50 and graph["jobmatch.matching"]  # the walk really read the packages
    assert _cycles(graph) - KNOWN_CYCLES == set()


def test_layers_point_one_way():
    graph = _graph(top_level_only=False)
    problems = []
    for module, imported in sorted(graph.items()):
        app = module.split(".")[0]
        for name in sorted(imported):
            other = name.split(".")[0]
            if app == "core" and other != "core":
                problems.append(f"{module} (core) imports the app module {name}")
            elif app != "core" and other not in ("core", app):
                problems.append(f"{module} imports the other app's {name}")
            if _is_cli(name) and not _is_cli(module):
                problems.append(f"library module {module} imports the CLI module {name}")
    assert problems == []


@pytest.mark.parametrize("statement", ["import core", "import core, jobmatch.cli", "import cti_mapper.cli"])
def test_import_does_not_load_torch(statement):
    # A fresh interpreter: this test session has long since loaded torch.
    heavy = ("torch", "transformers", "sentence_transformers")
    code = f"import sys; {statement}; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
