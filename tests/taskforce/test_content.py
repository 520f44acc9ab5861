"""The real content loader and the roles that the data migrations create."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from documents.models import Document
from taskforce.core.roles import COORDINATORS, EDITORS
from taskforce.roadmap.models import KeyFigure, Milestone, Recommendation, Theme
from workinggroups.models import Organization, WorkingGroup

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [KeyFigure, Theme, Recommendation, Milestone, WorkingGroup, Organization, Document]


def load():
    call_command("load_portal_content", stdout=io.StringIO())


def counts():
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def test_it_loads_the_five_themes_of_the_contract(content):
    assert list(Theme.objects.values_list("slug", flat=True)) == [
        "innovation",
        "human-capital",
        "supplier-development",
        "infrastructure",
        "governance",
    ]


def test_it_loads_the_three_working_groups_with_the_public_contact(content):
    groups = WorkingGroup.objects.all()

    assert [group.slug for group in groups] == [
        "light-duty-vehicles",
        "medium-heavy-duty-vehicles",
        "public-transport",
    ]
    assert {group.contact_email for group in groups} == {"jail.cruzgarcia@ucr.edu"}


def test_it_loads_three_published_documents_and_four_milestones(content):
    assert Document.objects.count() == 3
    assert Document.objects.published().count() == 3
    assert Milestone.objects.count() == 4


def test_every_text_it_loads_has_an_english_and_a_spanish_version(content):
    for theme in Theme.objects.all():
        assert theme.name_en and theme.name_es and theme.summary_en and theme.summary_es
    for group in WorkingGroup.objects.all():
        assert group.name_en and group.name_es and group.focus_en and group.focus_es
    for document in Document.objects.all():
        assert document.title_en and document.title_es
    for milestone in Milestone.objects.all():
        assert milestone.title_en and milestone.title_es


def test_the_timeline_links_the_cop27_report_and_the_road_map():
    load()

    linked = Milestone.objects.exclude(document=None).values_list("document__slug", flat=True)

    assert list(linked) == ["cop27-progress-report", "diagnosis-and-recommendations-2023"]


def test_running_it_twice_creates_no_duplicates():
    load()
    first = counts()

    load()

    assert counts() == first


def test_running_it_again_restores_edited_text():
    load()
    Theme.objects.filter(slug="innovation").update(name_en="Edited", name_es="Editado")
    WorkingGroup.objects.filter(slug="public-transport").update(contact_email="old@example.org")
    Document.objects.filter(slug="cop27-progress-report").update(is_published=False)

    load()

    theme = Theme.objects.get(slug="innovation")
    assert (theme.name_en, theme.name_es) == ("Innovation", "Innovación")
    assert WorkingGroup.objects.get(slug="public-transport").contact_email == (
        "jail.cruzgarcia@ucr.edu"
    )
    assert Document.objects.get(slug="cop27-progress-report").is_published


def test_it_leaves_content_that_editors_added_alone():
    load()
    Theme.objects.create(
        slug="extra", name_en="Extra", name_es="Extra", summary_en="x", summary_es="x"
    )

    load()

    assert Theme.objects.filter(slug="extra").exists()
    assert Theme.objects.count() == 6


def test_it_reports_what_it_loaded():
    out = io.StringIO()

    call_command("load_portal_content", stdout=out)

    assert "5 themes" in out.getvalue()
    assert "3 working groups" in out.getvalue()


def test_the_editors_role_may_edit_every_content_model():
    editors = Group.objects.get(name=EDITORS)
    granted = set(editors.permissions.values_list("content_type__app_label", "codename"))

    for app_label, model in [
        ("taskforce", "theme"),
        ("taskforce", "recommendation"),
        ("taskforce", "milestone"),
        ("taskforce", "keyfigure"),
        ("workinggroups", "workinggroup"),
        ("workinggroups", "organization"),
        ("workinggroups", "person"),
        ("workinggroups", "membership"),
        ("documents", "document"),
    ]:
        for action in ["add", "change", "delete", "view"]:
            assert (app_label, f"{action}_{model}") in granted


def test_the_coordinators_role_exists():
    assert Group.objects.filter(name=COORDINATORS).exists()


def test_editors_are_not_given_user_management():
    editors = Group.objects.get(name=EDITORS)

    assert not editors.permissions.filter(content_type__app_label="auth").exists()
