"""The apps depend on each other one way: a lower app never imports a higher one, nor reaches it by reflection.

    hldportal  (settings, root URLs)
       │
    portal · operations   (home, search, editors' pages · backups, demo content, generated archives)
       │
    submissions · records
       │
    documents
       │
    events     (higher apps add to its pages through events/pages.py)
       │
    common · delivery · uploads · outbox · translations   (what every app shares)

An app may import only from its own layer or below it. The drawing in the README is this test's LAYERS.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {
    "common": 0,
    "delivery": 0,
    "uploads": 0,
    "outbox": 0,
    "translations": 0,
    "events": 1,
    "documents": 2,
    "submissions": 3,
    "records": 3,
    "portal": 5,
    "operations": 5,
    "hldportal": 6,
}
# Ways to reach a model of another app without importing it: what events/views.py once did.
REFLECTION = ("related_model", "apps.get_model(")


def modules(app):
    return [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]


def imported(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_nothing_from_a_higher_one(app):
    upward = sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in modules(app)
        for module in imported(path)
        if LAYERS.get(module.split(".")[0], -1) > LAYERS[app]
    )

    assert upward == []


# translations works over every model registered for translation, by design (modeltranslation's registry).
@pytest.mark.parametrize(
    "app", [app for app, layer in LAYERS.items() if layer < LAYERS["portal"] and app != "translations"]
)
def test_an_app_reaches_no_other_app_by_reflection(app):
    reaching = sorted(
        f"{path.relative_to(ROOT)}: {marker}"
        for path in modules(app)
        if "management" not in path.parts  # operations commands walk every model on purpose (backup, demo)
        for marker in REFLECTION
        if marker in path.read_text()
    )

    assert reaching == []


@pytest.mark.parametrize("app", ["events", "documents"])
def test_templates_of_a_lower_app_include_no_template_of_a_higher_one(app):
    higher = [name for name, layer in LAYERS.items() if layer > LAYERS[app]]
    including = sorted(
        f"{path.relative_to(ROOT)}: {name}/"
        for path in (ROOT / "templates" / app).rglob("*.html")
        for name in higher
        if f'include "{name}/' in path.read_text()
    )

    assert including == []


def test_a_higher_app_import_would_be_found(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from submissions.models import Call\nimport documents.models\n")

    assert list(imported(module)) == ["submissions.models", "documents.models"]
