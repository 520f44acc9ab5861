"""The registration form as a visitor fills it in, for the tests and the benchmarks that
post it: one set of valid answers, and the CSRF token and cookies a browser sends back.

Plain Python and the standard library only: benchmarks/ imports it as well.
"""

import re

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def registration_form_data(**overrides):
    """A complete, valid submission of the registration form; an override of None leaves
    that field out (as a browser does with an unticked box)."""
    data = {
        "full_name": "Ana García",
        "email": "ana@example.org",
        "organization": "Sample Motors",
        "job_title": "Engineer",
        "sector": "oem",
        "country": "MX",
        "needs": "",
        "consent": "on",
        "website": "",  # the honeypot: people leave it empty
        **overrides,
    }
    return {name: value for name, value in data.items() if value is not None}


def csrf_token(html):
    """The form's CSRF token in a page."""
    return CSRF_TOKEN.search(html).group(1)


def cookie_header(headers):
    """The cookies a response set, as the Cookie header to send them back; `headers` are
    (name, value) pairs, as http.client gives them."""
    return "; ".join(
        value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie"
    )
