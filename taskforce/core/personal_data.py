"""What apps hold about an address, for the data-rights page (in the registrations admin),
which must not import them: each app registers, in its AppConfig.ready(), a label and two
functions, one exporting its rows about an address (dicts for the JSON file) and one
erasing them (returning how many went)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Holder:
    label: object  # a lazy translation: the heading on the data-rights page
    export: Callable[[str], list[dict]]
    erase: Callable[[str], int]


HOLDERS: dict[str, Holder] = {}


def register(key, *, label, export, erase):
    HOLDERS[key] = Holder(label, export, erase)


def export_all(email) -> dict[str, list[dict]]:
    return {key: holder.export(email) for key, holder in HOLDERS.items()}


def erase_all(email) -> dict[str, int]:
    return {key: holder.erase(email) for key, holder in HOLDERS.items()}
