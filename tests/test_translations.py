"""The Spanish interface catalogue is complete at every commit."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _messages():
    with CATALOGUE.open("rb") as po_file:
        catalog = read_po(po_file, locale="es")
    return [message for message in catalog if message.id]


def test_every_spanish_entry_is_translated():
    untranslated = [
        message.id
        for message in _messages()
        if not (all(message.string) if message.pluralizable else message.string)
    ]
    assert untranslated == []


def test_no_spanish_entry_is_fuzzy():
    with CATALOGUE.open("rb") as po_file:
        catalog = read_po(po_file, locale="es")
    assert not catalog.fuzzy, "the catalogue's header is marked fuzzy"
    assert [message.id for message in _messages() if message.fuzzy] == []


def test_spanish_translations_use_only_the_english_placeholders():
    """A placeholder unknown to the English text would crash the page in Spanish."""
    placeholder = re.compile(r"%\((\w+)\)[sd]")
    broken = []
    for message in _messages():
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        expected = set(placeholder.findall(ids[-1]))
        for string in strings:
            if not set(placeholder.findall(string)) <= expected | set(placeholder.findall(ids[0])):
                broken.append(message.id)
    assert broken == []
