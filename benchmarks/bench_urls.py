"""The portal's URLs plus /bare/, the cheapest Django view there is, for benchmarks/load.py:
every page's requests per second are compared to it, served by the same gunicorn through
the same middleware (and to the same view in its own bare project, benchmarks/bare/). Only
benchmarks/bench_settings.py uses this module."""

from django.urls import path

import taskforce.urls
from benchmarks.bare.urls import bare_view

urlpatterns = [path("bare/", bare_view), *taskforce.urls.urlpatterns]

handler404 = taskforce.urls.handler404
handler500 = taskforce.urls.handler500
