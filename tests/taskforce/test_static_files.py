"""Static files as production serves them: collected with hashed names, compressed (Brotli
and gzip), served by WhiteNoise with a cache lifetime of forever, and few bytes in all for
the home page."""

import gzip
import re

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

# The home page's own HTML and everything it loads, compressed as served: a phone on a
# slow connection gets the whole page in a few round trips.
HOME_BUDGET_BYTES = 60_000


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    return tmp_path_factory.mktemp("static")


@pytest.fixture
def production_static(collected, settings):
    settings.STATIC_ROOT = str(collected)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    if not (collected / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    return WhiteNoiseMiddleware(lambda request: None)


def _served(whitenoise, url, encoding="br, gzip"):
    request = RequestFactory().get(url, HTTP_ACCEPT_ENCODING=encoding)
    response = whitenoise(request)
    assert response is not None, f"{url} is not served"
    body = b"".join(response.streaming_content)
    response.close()
    return response, body


@pytest.mark.django_db
def test_pages_link_hashed_files_that_are_cached_forever_and_compressed(production_static, content):
    html = Client().get("/en/").content.decode()
    stylesheet = re.search(
        r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', html
    )
    assert stylesheet, "the page links the hashed stylesheet"

    response, body = _served(production_static, stylesheet.group(1))

    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "br"
    assert response["Vary"] == "Accept-Encoding"
    assert len(body) < 30_000  # Bootstrap's 230 kB of CSS, as it travels


@pytest.mark.django_db
def test_without_brotli_the_browser_gets_gzip(production_static, content):
    html = Client().get("/en/").content.decode()
    script = re.search(
        r'src="(/static/vendor/bootstrap/js/bootstrap\.bundle\.min\.[0-9a-f]{12}\.js)"', html
    )

    response, body = _served(production_static, script.group(1), encoding="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"/*!")


@pytest.mark.django_db
def test_the_home_page_and_what_it_loads_stay_within_the_budget(production_static, content):
    page = Client().get("/es/", HTTP_ACCEPT_ENCODING="br, gzip")
    assert page["Content-Encoding"] == "gzip"
    total = len(page.content)
    html = gzip.decompress(page.content).decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js|svg))"', html)
    assert assets
    for url in assets:
        if "nojs" in url:  # only without JavaScript
            continue
        _, body = _served(production_static, url)
        total += len(body)

    print(f"home page transfer, compressed: {total:,} bytes")
    assert total < HOME_BUDGET_BYTES
