from django.http import HttpResponse
from django.urls import path


def bare_view(request):
    return HttpResponse("ok", content_type="text/plain")


# The same path as the portal's /bare/ (benchmarks/bench_urls.py): the client sends the same
# request to both.
urlpatterns = [path("bare/", bare_view)]
