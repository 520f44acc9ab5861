"""The page shown when a form's security (CSRF) check fails: in the page's language, in the
portal's layout, saying what to do, instead of Django's bare English page."""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


@never_cache
def csrf_failure(request, reason=""):
    # The way back is the form's own page, on this site: a path such as "//host/" or
    # "/\host/" would be another site's address in a link.
    path = request.path
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        path = None
    return render(request, "403_csrf.html", {"form_path": path}, status=403)
