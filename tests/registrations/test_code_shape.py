"""The shape the registrations app keeps: no module over 400 lines, no template line over
160 characters."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "registrations"
TEMPLATES = [ROOT / "templates" / "registrations", ROOT / "templates" / "admin" / "registrations"]


@pytest.mark.parametrize(
    "module",
    [path for path in sorted(APP.rglob("*.py")) if "migrations" not in path.parts],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_no_module_is_over_400_lines(module):
    assert len(module.read_text().splitlines()) <= 400


def test_no_template_line_is_over_160_characters():
    long_lines = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in TEMPLATES
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if len(line) > 160
    ]
    assert long_lines == []
