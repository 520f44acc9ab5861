"""Bad values in the admin's list URLs (filters, search, date drill-down) are refused with
the admin's own "invalid filter" notice, never a server error. PostgreSQL refuses NUL
characters in text and years beyond 9999 only when the query runs, after the admin's own
checks have passed; the same URLs must answer alike on SQLite."""

import pytest
from django.contrib import admin
from django.db import models
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db

NUL = "\x00"


def changelist_url(model_admin):
    opts = model_admin.model._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/"


def bad_queries(model_admin):
    """Each filter the changelist accepts, with a value no database can take."""
    model = model_admin.model
    queries = [
        {"q": NUL},
        {"q": f"battery{NUL}"},
        {"is_published__exact": NUL},
        {"id__exact": NUL},
        {"id__exact": "99999999999999999999"},
        {"id__gt": "-99999999999999999999"},
        {"o": NUL},
        {"p": NUL},
    ]
    for item in model_admin.list_filter:
        name = item[0] if isinstance(item, (tuple, list)) else item
        if isinstance(name, str):
            queries.append({f"{name}__exact": NUL})
            queries.append({name: NUL})
        else:
            queries.append({name.parameter_name: NUL})
    for field in model._meta.get_fields():
        if isinstance(field, (models.DateField, models.DateTimeField)):
            queries += [
                {f"{field.name}__gte": NUL},
                {f"{field.name}__lt": "99999-01-01"},
                {f"{field.name}__year": "99999"},
                {f"{field.name}__year": NUL},
            ]
        elif isinstance(field, (models.CharField, models.TextField)):
            queries.append({f"{field.name}__icontains": NUL})
    if model_admin.date_hierarchy:
        name = model_admin.date_hierarchy
        queries += [
            {f"{name}__year": "99999"},
            {f"{name}__year": "10000"},
            {f"{name}__year": "-1"},
            {f"{name}__year": NUL},
            {f"{name}__year": "2026", f"{name}__month": "13"},
            {f"{name}__year": "9999", f"{name}__month": "12", f"{name}__day": "31"},
            {f"{name}__year": "2026", f"{name}__month": NUL},
        ]
    return queries


CASES = [
    pytest.param(model_admin, query, id=f"{model._meta.label}-{'&'.join(query)}-{index}")
    for model, model_admin in admin.site._registry.items()
    for index, query in enumerate(bad_queries(model_admin))
]


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    return client


@pytest.mark.parametrize(("model_admin", "query"), CASES)
def test_a_bad_value_in_an_admin_list_url_gets_the_invalid_filter_notice(
    superuser_client, model_admin, query
):
    response = superuser_client.get(changelist_url(model_admin), query)

    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


def test_after_a_bad_filter_the_list_says_why_it_shows_everything(superuser_client):
    response = superuser_client.get(
        "/admin/registrations/event/?starts_at__year=99999", follow=True
    )

    assert response.redirect_chain == [("/admin/registrations/event/?e=1", 302)]
    assertContains(response, "The list could not be filtered that way, so it shows every entry.")
