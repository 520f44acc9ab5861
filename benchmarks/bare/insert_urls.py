"""One view: a POST inserts one row (name and address, as a registration has) and answers
303, as the portal's registration does; a GET answers "ok", as the form's GET would."""

from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path

TABLE = "bare_insert_row"
CREATE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, full_name text NOT NULL,"
    " email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
)


def insert_view(request):
    if request.method != "POST":
        # Connected to the database, as the portal's form GET is: neither rush pays for it.
        connection.ensure_connection()
        return HttpResponse("ok", content_type="text/plain")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (full_name, email) VALUES (%s, %s)",
            [request.POST.get("full_name", ""), request.POST.get("email", "")],
        )
    return HttpResponseRedirect("/insert/", status=303)


urlpatterns = [path("insert/", insert_view)]
