import datetime

import pytest
from django.utils import translation

from taskforce import content as real_content
from taskforce.core.fields import DatePrecision, format_partial_date
from taskforce.roadmap.models import Recommendation, Theme
from tests.factories import MilestoneFactory, RecommendationFactory, ThemeFactory

NOVEMBER_2022 = datetime.date(2022, 11, 1)


@pytest.mark.parametrize(
    ("language", "precision", "expected"),
    [
        ("en", DatePrecision.MONTH, "November 2022"),
        ("es", DatePrecision.MONTH, "noviembre de 2022"),
        ("en", DatePrecision.YEAR, "2022"),
        ("es", DatePrecision.YEAR, "2022"),
        ("en", DatePrecision.DAY, "November 1, 2022"),
        ("es", DatePrecision.DAY, "1 de noviembre de 2022"),
    ],
)
def test_a_partial_date_is_shown_only_as_precisely_as_it_is_known(language, precision, expected):
    with translation.override(language):
        assert format_partial_date(NOVEMBER_2022, precision) == expected


def test_a_missing_date_is_shown_as_nothing():
    assert format_partial_date(None, DatePrecision.DAY) == ""


@pytest.mark.django_db
def test_a_milestone_known_to_the_month_does_not_read_as_the_first_of_the_month():
    milestone = MilestoneFactory(date=NOVEMBER_2022, date_precision=DatePrecision.MONTH)

    with translation.override("en"):
        assert milestone.display_date == "November 2022"
    with translation.override("es"):
        assert milestone.display_date == "noviembre de 2022"


@pytest.mark.django_db
def test_themes_count_their_recommendations():
    busy = ThemeFactory(slug="busy")
    ThemeFactory(slug="quiet")
    RecommendationFactory.create_batch(2, theme=busy)

    counts = {
        theme.slug: theme.recommendation_count
        for theme in Theme.objects.with_recommendation_count()
    }

    assert counts == {"busy": 2, "quiet": 0}


@pytest.mark.django_db
def test_themes_are_listed_in_their_editorial_order():
    ThemeFactory(slug="second", order=2)
    ThemeFactory(slug="first", order=1)

    assert [theme.slug for theme in Theme.objects.all()] == ["first", "second"]


@pytest.mark.django_db
def test_translated_names_follow_the_active_language():
    theme = ThemeFactory(name_en="Governance", name_es="Gobernanza")

    with translation.override("en"):
        assert str(theme) == "Governance"
    with translation.override("es"):
        assert str(theme) == "Gobernanza"


@pytest.mark.django_db
def test_a_text_without_spanish_version_falls_back_to_english():
    theme = ThemeFactory(name_en="Innovation", name_es="Innovación")
    recommendation = RecommendationFactory(theme=theme, description_en="Only in English.")
    Recommendation.objects.filter(pk=recommendation.pk).update(description_es="")
    recommendation.refresh_from_db()

    with translation.override("es"):
        assert recommendation.description == "Only in English."


@pytest.mark.django_db
def test_recommendations_are_found_by_theme_and_by_working_group(content):
    human_capital = content.themes["human-capital"]
    group = content.groups["public-transport"]
    linked = RecommendationFactory(theme=content.themes["innovation"], working_groups=[group])

    assert [r.title_en for r in Recommendation.objects.for_theme(human_capital)] == [
        real_content.RECOMMENDATIONS[0]["title_en"]
    ]
    assert list(Recommendation.objects.for_working_group(group)) == [linked]
