"""The shape the product code keeps: no module over 400 lines, so each can be read whole.
(Template lines are held to 160 characters in tests/taskforce/test_page_structure.py.)"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["taskforce", "workinggroups", "documents", "registrations"]


@pytest.mark.parametrize(
    "module",
    [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_no_module_is_over_400_lines(module):
    assert len(module.read_text().splitlines()) <= 400
