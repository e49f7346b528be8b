"""The package's modules import one another in one direction: no cycles.

Imports at module level are what make a cycle bite (a half-initialised module);
imports inside functions are counted too, as they are a design cycle all the
same, except those marked as the lazy half of a getter (`# lazy`)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        out.update(c for c in candidates if c in modules and c != name)
    return out


def graph() -> dict[str, set[str]]:
    files = [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts and "data" not in p.parts]
    modules = {_module_name(p) for p in files}
    edges = {_module_name(p): _imports(p, modules) for p in files}
    # a package's __init__ re-exporting its submodules is not a dependency of those submodules
    return {m: {t for t in ts if not (m.startswith(t + ".") and t in modules)} for m, ts in edges.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for t in sorted(edges.get(m, ())):
            if state.get(t) == 1:
                found.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)
    return found


def test_the_checker_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_import_cycles():
    assert cycles(graph()) == []


TRAINING = ("pipeline.themes.training", "pipeline.entities.training", "pipeline.entities.officials.training")


def test_prediction_does_not_import_training():
    edges = graph()
    for m, targets in edges.items():
        if m.startswith("pipeline.") and not m.startswith((*TRAINING, "pipeline.cli")):
            assert not any(t.startswith(TRAINING) for t in targets), m


# the names stage (issue 12): each module may import only the ones listed, so the order is
# syllable view -> rules, features -> model -> component -> training, and tidy-up on the side
NAMES_STAGE = {
    "syllables": set(),
    "rules": {"syllables"},
    "features": {"syllables"},
    "ner_model": {"syllables", "rules", "features"},
    "tidy": set(),
    "names_component": {"rules", "ner_model", "tidy"},
    "training": {"syllables", "rules", "features", "ner_model", "names_component"},
}


# the officials stage (pipeline/entities/officials/): patterns and records -> offices (an office and
# its record with no holder) -> linker; the learned scorer and unnamed-office model read the linker's
# pieces, the component runs all three, training fits the two models
OFFICIALS_STAGE = {
    "patterns": set(),
    "records": set(),
    "offices": {"patterns", "records"},
    "linker": {"patterns", "records", "offices"},
    "scorer": {"patterns", "records"},
    "unnamed": {"patterns", "records", "offices"},
    "tables": set(),
    "component": {"records", "linker", "scorer", "unnamed", "tables"},
    "training": {"records", "linker", "scorer", "unnamed"},
}


def _imports_in_one_direction(edges: dict[str, set[str]], prefix: str, stage: dict[str, set[str]]) -> None:
    """Each module of `stage` (named after `prefix`) imports only the modules it is allowed, and the
    stage has no cycle."""
    for module, allowed in stage.items():
        assert prefix + module in edges, module
        # a module written as a package (tidy/) answers for its submodules too
        targets = set().union(*(ts for m, ts in edges.items()
                                if m == prefix + module or m.startswith(f"{prefix}{module}.")))
        used = {t[len(prefix):] for t in targets if t.startswith(prefix) and t[len(prefix):] in stage}
        assert used <= allowed, f"{module} imports {sorted(used - allowed)}"
    names = {prefix + m for m in stage}
    assert cycles({m: edges[m] & names for m in names}) == []


def test_the_names_stage_imports_in_one_direction():
    edges = graph()
    assert "pipeline.entities.names" not in edges, "names.py was split; its pieces are in NAMES_STAGE"
    _imports_in_one_direction(edges, "pipeline.entities.", NAMES_STAGE)


def test_the_officials_stage_imports_in_one_direction():
    edges = graph()
    prefix = "pipeline.entities.officials."
    flat = {m for m in edges if m.startswith("pipeline.entities.officials_")}
    assert not flat, f"the officials stage is a package; its pieces are in OFFICIALS_STAGE: {sorted(flat)}"
    assert set(OFFICIALS_STAGE) == {m[len(prefix):] for m in edges if m.startswith(prefix)}
    _imports_in_one_direction(edges, prefix, OFFICIALS_STAGE)
    # importing the package (as `language.analyze_long` does for `distinct_records`) loads no model code
    models = {prefix + m for m in ("scorer", "unnamed", "component", "training")}
    assert not edges["pipeline.entities.officials"] & models, "the package's __init__ imports model code"


def test_scripts_share_one_helper_and_import_no_other_script():
    scripts = PACKAGE.parent / "scripts"
    names = {p.stem for p in scripts.glob("*.py")}
    for path in scripts.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "path" and getattr(node.value, "id", "") == "sys":
                parent = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                          and n.func.attr in ("insert", "append") and n.func.value is node]
                assert not parent, f"{path.name} patches sys.path"
            if isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & names, path.name
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in names, f"{path.name} imports {node.module}"
