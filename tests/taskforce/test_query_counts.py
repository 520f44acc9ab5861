"""Queries per public page: at most twelve, and the same with ten times the data.

Each page is measured with the real content plus one unit of sample data
(taskforce.sample_data.QUERY_COUNT_UNIT, as benchmarks/query_counts.py measures), then again
with ten units: a page whose count grew would be running a query per row (N+1).
The counts are pinned, so a change that adds a query shows up here as a decision to make.
"""

import pytest

from documents.models import Document
from taskforce import sample_data

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def load(scale):
    """The sample data at `scale` units (replacing the previous sample data): the same
    generator and unit as benchmarks/query_counts.py, so both measure the same data."""
    sample_data.load(sample_data.QUERY_COUNT_UNIT * scale, seed=sample_data.QUERY_COUNT_SEED)


def sample_document_url():
    document = Document.objects.published().filter(is_demo=True).order_by("pk").first()
    return f"/en/documents/{document.slug}/"


SAMPLE_DOCUMENT = "<a sample document>"


# Each page and the queries it runs, the same on SQLite and PostgreSQL. For example the
# home page: key figures, themes, working groups, latest documents, milestones.
PAGES = [
    ("/en/", 6),
    ("/es/themes/", 1),
    ("/en/themes/human-capital/", 5),
    # Five, as for every theme with recommendations (one query prefetches their groups).
    ("/en/themes/governance/", 5),
    ("/en/working-groups/", 1),
    ("/es/working-groups/light-duty-vehicles/", 8),
    ("/en/members/", 7),
    ("/en/members/?sector=oem", 7),
    ("/en/members/?page=2", 7),
    # the country list is read when the choice is checked and again when the form is shown
    ("/es/members/?group=public-transport&country=MX", 9),
    ("/en/documents/", 7),
    ("/es/documents/?theme=governance&page=2", 8),
    ("/en/documents/diagnosis-and-recommendations-2023/", 3),
    (SAMPLE_DOCUMENT, 3),
    ("/en/documents/feed/", 1),
    ("/en/search/?q=sample", 6),
    ("/es/search/?q=transporte", 6),
    ("/sitemap.xml", 4),
]


def test_no_page_runs_more_than_twelve_queries():
    assert max(expected for _url, expected in PAGES) <= MAX_QUERIES


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_pages_run_a_fixed_number_of_queries_whatever_the_data_size(
    client, content, django_assert_num_queries, url, expected
):
    for scale in (1, 10):
        load(scale)
        path = sample_document_url() if url == SAMPLE_DOCUMENT else url
        with django_assert_num_queries(expected):
            assert client.get(path).status_code == 200


def test_one_unit_of_sample_data_already_fills_the_filtered_lists(client, content):
    """Guards the test above: an empty list would skip queries, so both sizes show rows."""
    load(1)

    assert client.get("/es/members/?group=public-transport&country=MX").context["rows"]
    assert client.get("/en/themes/governance/").context["recommendations"]


def test_the_sample_data_reaches_past_the_first_page_at_ten_times(client, content):
    """Guards the test above: at ten units the lists paginate, so page 2 is measured."""
    load(10)

    assert client.get("/en/members/?page=2").context["page_obj"].number == 2
    assert client.get("/es/documents/?theme=governance&page=2").context["page_obj"].number == 2
