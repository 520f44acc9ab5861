"""The site's one text match: the search page (taskforce/search.py) and the documents
list's `?q=` both use `matching`, and show passages with `excerpt`.

Every word must appear (several words are not one phrase), and accents do not matter:
"bateria" finds what "batería" finds. On PostgreSQL it is full-text search with the
stemming of the visitor's language, through text-search configurations that drop accents
first (taskforce/roadmap/migrations/0003_search_unaccent.py), ranked, with web-search syntax
("a phrase", -excluded). Elsewhere (SQLite in development and tests) each word must appear,
case- and accent-insensitively, in one of the fields. Each section is capped, so a search
runs a fixed number of queries whatever the data size.
"""

import re
import unicodedata
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, TextField
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
EXCERPT_LENGTH = 220

# The configurations made by the migration: each language's stemming, after `unaccent`.
SEARCH_CONFIGS = {"en": "portal_english", "es": "portal_spanish"}

FOLD_FUNCTION = "portal_fold"


def fold(text):
    """Lower case without accents: "Batería" and "bateria" fold to the same text."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words(query):
    """The words of a query, for the simple match and for highlighting."""
    return [word for word in re.findall(r"\w+", query) if word.strip("_")]


def _columns(fields):
    """Both languages' columns of translated fields: a Spanish page still finds a name
    that exists only in English, and the reverse."""
    columns = []
    for name in fields:
        if name.startswith("="):  # an untranslated field, such as an acronym
            columns.append(name[1:])
        else:
            columns.extend(f"{name}_{code}" for code in SEARCH_CONFIGS)
    return columns


class _Fold(Func):
    function = FOLD_FUNCTION
    output_field = TextField()


def matching(queryset, fields, query, language=None, *, or_where=None):
    """The rows of `queryset` that match `query` in `fields` (or satisfy `or_where`, such
    as an Exists() of their matching pages); on PostgreSQL annotated with `rank` (higher is
    closer). The one text match of the site: the search page and the documents list both
    use it."""
    language = language if language in SEARCH_CONFIGS else "en"
    columns = _columns(fields)
    if connection.vendor == "postgresql":
        config = SEARCH_CONFIGS[language]
        vector = SearchVector(*columns, config=config)
        search_query = SearchQuery(query, config=config, search_type="websearch")
        # Filter on the match itself: ts_rank gives non-matches a tiny positive rank when
        # the query excludes a word ("transport -cities"), so it only orders.
        found = Q(document=search_query)
        return queryset.annotate(document=vector, rank=SearchRank(vector, search_query)).filter(
            found | or_where if or_where is not None else found
        )
    query_words = [fold(word) for word in words(query)]
    if not query_words:
        return queryset.none()
    _register_fold()
    folded = {f"_fold_{column}": _Fold(F(column)) for column in columns}
    each_word = [
        reduce(or_, (Q(**{f"{name}__contains": word}) for name in folded)) for word in query_words
    ]
    found = reduce(and_, each_word)
    return queryset.alias(**folded).filter(found | or_where if or_where is not None else found)


def containing_words(queryset, column, words):
    """The rows whose `column` holds every one of `words`, case and accents aside ("Garcia"
    finds "García", "GARCÍA" finds "Garcia"): unaccent on PostgreSQL, the fold elsewhere."""
    folded_words = [fold(word) for word in words if word.strip()]
    if not folded_words:
        return queryset.none()
    if connection.vendor == "postgresql":
        lookup = f"{column}__unaccent__icontains"
        return queryset.filter(*(Q(**{lookup: word}) for word in folded_words))
    _register_fold()
    folded = queryset.alias(_folded_column=_Fold(F(column)))
    return folded.filter(*(Q(_folded_column__contains=word) for word in folded_words))


def matching_stored(queryset, vectors, text_column, query):
    """The rows of `queryset` (pages of text) that match `query`: on PostgreSQL through their
    stored vectors (column name → language, each searched with its own language's
    configuration, so an English page is found from the Spanish site too); elsewhere each
    word must appear in `text_column`, accents and case aside."""
    if connection.vendor == "postgresql":
        conditions = [
            Q(**{column: SearchQuery(query, config=SEARCH_CONFIGS[code], search_type="websearch")})
            for column, code in vectors.items()
        ]
        return queryset.filter(reduce(or_, conditions))
    return containing_words(queryset, text_column, words(query))


def _register_fold():
    """SQLite's own LIKE folds ASCII letters only: the fold is a Python function registered
    on this connection (cheap, and idempotent)."""
    connection.ensure_connection()
    connection.connection.create_function(FOLD_FUNCTION, 1, _fold_or_none, deterministic=True)


def _fold_or_none(text):
    return None if text is None else fold(text)


def clean_query(query):
    """What a visitor typed, made safe to search for: PostgreSQL refuses NUL characters."""
    return query.replace("\x00", "").strip()[:MAX_QUERY_LENGTH].strip()


def _stem(word):
    """A folded query word less its last letters: roughly what stemming keeps of it."""
    return word if len(word) <= 4 else word[: max(4, len(word) - 3)]


def _marks(text_word, query_words):
    """Whether a word of the text is one the query asked for: the same short word
    ("de" marks "de", never "desarrollo"), or a longer one's stem ("charging" marks
    "charger", "bateria" marks "baterías")."""
    folded = fold(text_word)
    return any(
        folded == word if len(word) <= 4 else folded.startswith(_stem(word)) for word in query_words
    )


def _highlighted(text, query_words):
    """`text`, escaped, with the words that match the query marked. The text is escaped
    piece by piece; only the <mark> tags are markup."""
    pieces = []
    position = 0
    for found in re.finditer(r"\w+", text):
        if _marks(found.group(), query_words):
            pieces.append(escape(text[position : found.start()]))
            pieces.append(f"<mark>{escape(found.group())}</mark>")
            position = found.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece was escaped above


def excerpt(texts, query):
    """A passage of the first text that holds a word of the query (else of the first text),
    about EXCERPT_LENGTH characters around that word, escaped and highlighted."""
    query_words = [fold(word) for word in words(query)]
    stems = [_stem(word) for word in query_words]
    texts = [" ".join(text.split()) for text in texts if text]
    if not texts:
        return ""
    chosen, start = texts[0], 0
    for text in texts:
        folded = fold(text)
        # fold() keeps one character for each letter of Latin scripts, so positions in the
        # folded text are positions in the text.
        positions = [folded.find(stem) for stem in stems if stem and stem in folded]
        if positions and len(folded) == len(text):
            chosen, start = text, min(positions)
            break
    begin = max(0, start - EXCERPT_LENGTH // 3)
    if begin:
        begin = chosen.find(" ", begin) + 1 or begin
    end = min(len(chosen), begin + EXCERPT_LENGTH)
    if end < len(chosen):
        end = chosen.rfind(" ", begin, end) if chosen.rfind(" ", begin, end) > begin else end
    passage = chosen[begin:end]
    return mark_safe(
        ("… " if begin else "")
        + _highlighted(passage, query_words)
        + (" …" if end < len(chosen) else "")
    )
