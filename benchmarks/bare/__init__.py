"""The baseline of benchmarks/load.py: the cheapest Django project there is, one view
answering `HttpResponse("ok")`, with only the security and common middleware, no app, no
database and no cache. load.py serves it with the portal's gunicorn settings beside the
portal, and compares every page's requests per second to it (the issue's "bare Django
view"; the /bare/ view inside the portal, through the portal's whole middleware stack, is
the other baseline)."""
