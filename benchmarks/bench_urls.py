"""The portal's URLs plus /bare/, the cheapest Django view there is, for benchmarks/load.py:
every page's requests per second are compared to it, served by the same gunicorn through
the same middleware. Only benchmarks/bench_settings.py uses this module."""

from django.http import HttpResponse
from django.urls import path

import taskforce.urls


def bare_view(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bare/", bare_view), *taskforce.urls.urlpatterns]

handler404 = taskforce.urls.handler404
handler500 = taskforce.urls.handler500
