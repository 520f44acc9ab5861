"""The content apps (`workinggroups`, `documents`) know nothing of `registrations`, by any
route: no import, no `apps.get_model("registrations", ...)`, no reverse relation to its
models (`group.events`, `events__...` lookups), no template or template tag of it. The
project layer (taskforce/) adds the events to their pages."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CONTENT_APPS = ["workinggroups", "documents"]
# The app label alone (apps.get_model), a dotted path, a template path, a URL name, a
# permission: "registrations", "registrations.Event", "registrations/...", "registrations:...".
REFERENCE = re.compile(r"^registrations($|[./:])")


def reverse_accessors():
    """The names by which a content app's model reaches a registrations model."""
    names = set()
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            for relation in model._meta.related_objects:
                if relation.related_model._meta.app_label == "registrations":
                    names.add(relation.get_accessor_name())
                    names.add(relation.field.related_query_name())
    return names


def python_files():
    for label in CONTENT_APPS:
        yield from sorted((ROOT / label).rglob("*.py"))


def template_files():
    for label in CONTENT_APPS:
        yield from sorted((ROOT / "templates" / label).rglob("*"))


def test_the_registrations_models_have_reverse_relations_to_look_for():
    assert "events" in reverse_accessors()


@pytest.mark.parametrize("path", list(python_files()), ids=str)
def test_a_content_app_module_refers_to_nothing_of_registrations(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    accessors = reverse_accessors()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(alias.name.split(".")[0] == "registrations" for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "registrations", node.module
        elif isinstance(node, ast.Attribute):
            assert node.attr not in accessors, f"{path}:{node.lineno} .{node.attr}"
        elif isinstance(node, ast.keyword) and node.arg:
            assert node.arg.split("__")[0] not in accessors, f"{path}:{node.lineno} {node.arg}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # Migrations may name registrations in their dependencies; nothing else may.
            if "migrations" not in path.parts:
                assert not REFERENCE.match(node.value), f"{path}:{node.lineno} {node.value!r}"
                assert node.value.split("__")[0] not in accessors, f"{path}:{node.lineno}"


@pytest.mark.parametrize("path", [p for p in template_files() if p.is_file()], ids=str)
def test_a_content_app_template_refers_to_nothing_of_registrations(path):
    text = path.read_text()
    assert "registrations/" not in text and "registrations:" not in text
    assert "{% load events" not in text and " events %}" not in text
    for accessor in reverse_accessors():
        assert f".{accessor}" not in text, accessor
