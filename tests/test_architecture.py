"""The one-way floors between the project's apps, read from the source (every import statement,
at the top of a module or inside a function): ``home`` is the ground, ``news`` stands on it and
on the SOP engine, the engine (``sop_workflow``) stands on nothing of theirs, ``cms`` (the
project: settings and URLs) on all of them. No cycle between apps."""

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = ("home", "news", "sop_workflow", "users", "cms")


def imports_between_apps(base_dir=BASE_DIR):
    """{(importing app, imported app): ["path:line module", ...]} over the apps' source
    (migrations excluded: they are frozen history)."""
    edges = {}
    for app in APPS:
        for path in sorted((base_dir / app).rglob("*.py")):
            if "migrations" in path.relative_to(base_dir).parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    target = module.split(".")[0]
                    if target in APPS and target != app:
                        where = f"{path.relative_to(base_dir)}:{node.lineno} {module}"
                        edges.setdefault((app, target), []).append(where)
    return edges


def cycles(edges):
    """Every elementary cycle of the app graph, each as a list of apps [a, b, ..., a]."""
    graph = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    found = []

    def walk(start, node, path):
        for target in sorted(graph.get(node, ())):
            if target == start:
                found.append([*path, start])
            elif target not in path and target > start:  # each cycle once, from its least app
                walk(start, target, [*path, target])

    for start in sorted(graph):
        walk(start, start, [start])
    return found


def describe(edges, cycle):
    return "\n".join(
        f"  {source} -> {target}: " + "; ".join(edges[(source, target)][:5])
        for source, target in zip(cycle, cycle[1:], strict=False)
    )


def test_the_checker_sees_a_cycle_and_an_import_inside_a_function(tmp_path):
    for app in APPS:
        (tmp_path / app).mkdir()
    (tmp_path / "home" / "a.py").write_text("def f():\n    from news.models import X\n")
    (tmp_path / "news" / "b.py").write_text("import home.models\n")
    (tmp_path / "news" / "migrations").mkdir()
    (tmp_path / "news" / "migrations" / "0001.py").write_text("import sop_workflow\n")
    edges = imports_between_apps(tmp_path)
    assert edges == {
        ("home", "news"): ["home/a.py:2 news.models"],
        ("news", "home"): ["news/b.py:1 home.models"],
    }
    assert cycles(edges) == [["home", "news", "home"]]


def test_home_imports_neither_news_nor_the_sop_engine():
    edges = imports_between_apps()
    wrong = {
        pair: where for pair, where in edges.items() if pair in {("home", "news"), ("home", "sop_workflow")}
    }
    assert not wrong, f"home is the ground floor, it imports no app above it: {wrong}"


def test_no_import_cycle_between_apps():
    edges = imports_between_apps()
    found = cycles(edges)
    assert not found, "Import cycles between apps:\n" + "\n\n".join(describe(edges, cycle) for cycle in found)


def test_the_sop_engine_imports_neither_news_nor_home():
    edges = imports_between_apps()
    wrong = {
        pair: where
        for pair, where in edges.items()
        if pair in {("sop_workflow", "news"), ("sop_workflow", "home")}
    }
    assert not wrong, (
        f"sop_workflow is an extension: it knows its host only through its registry and settings: {wrong}"
    )
