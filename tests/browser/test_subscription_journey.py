"""Following the task force by email, done in a real browser as a visitor does it: from the
footer's link to the form, the emailed link, the confirmation button, the private page
where the topics change, the digest of what an editor published, and the unsubscribe link
from that digest, whose page's button ends it. In Spanish on a phone (and at 320 px), in
English on a laptop; every page passes axe-core and fits its width."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from registrations.models import Event
from subscriptions.models import EVENTS, GROUP_PREFIX, REPORTS, Subscriber
from tests.factories import EventFactory
from workinggroups.models import WorkingGroup

from .audit import Audit, submit
from .conftest import DESKTOP, PHONE

CONFIRM_LINK = re.compile(r"https?://\S+/subscriptions/[\w-]+/confirm/")
GROUP = "light-duty-vehicles"


@pytest.fixture
def links_here(settings, site):
    """The emails' links lead to the live server, as they lead to the site in production;
    mail goes to Django's in-memory box, through the outbox."""
    settings.PORTAL_BASE_URL = f"{site}/"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


def fits(page, widths=(320,)):
    """Neither at its own width nor at the given ones does the page scroll sideways."""
    own = page.viewport_size
    for width in (own["width"], *widths):
        page.set_viewport_size({"width": width, "height": own["height"]})
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {width} px"
    page.set_viewport_size(own)


@pytest.mark.parametrize(
    ("language", "viewport"),
    [pytest.param("es", PHONE, id="es-phone"), pytest.param("en", DESKTOP, id="en-laptop")],
)
def test_a_visitor_follows_by_email_confirms_changes_topics_and_unsubscribes_from_a_digest(
    browser_page, console_errors, site, links_here, language
):
    page = browser_page
    audit = Audit(page, console_errors)
    translation.activate(language)
    group = WorkingGroup.objects.get(slug=GROUP)
    main = page.locator("main")
    heading = page.get_by_role("heading", level=1)

    # From any page's footer to the form.
    audit.visit(f"/{language}/")
    page.get_by_role("contentinfo").get_by_role("link", name=gettext("Follow by email")).click()
    expect(page).to_have_url(f"{site}/{language}/subscribe/")
    expect(heading).to_have_text(gettext("Follow the task force by email"))
    audit.check()
    fits(page)

    page.get_by_role("textbox", name=gettext("Email")).fill("Ana.Garcia@example.org")
    page.get_by_label(gettext("New reports and documents")).check()
    page.get_by_label(gettext("Working group: %(name)s") % {"name": group.name}).check()
    page.locator("input[name=consent]").check()
    submit(page, page.get_by_role("button", name=gettext("Subscribe")).click)

    expect(page).to_have_url(f"{site}/{language}/subscribe/done/")
    expect(heading).to_have_text(gettext("Check your email"))
    audit.check()
    subscriber = Subscriber.objects.get()
    assert (subscriber.language, subscriber.confirmed_at) == (language, None)

    # The emailed link opens a page whose button, and only it, confirms.
    [confirmation] = links_here
    assert confirmation.to == ["Ana.Garcia@example.org"]
    audit.visit(CONFIRM_LINK.search(confirmation.body)[0])
    expect(heading).to_have_text(gettext("Confirm your subscription"))
    fits(page)
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    submit(page, page.get_by_role("button", name=gettext("Confirm my subscription")).click)

    manage = f"{site}/{language}/subscriptions/{subscriber.token}/"
    expect(page).to_have_url(manage)
    expect(main).to_contain_text(gettext("Your subscription is confirmed."))
    audit.check()
    fits(page)

    # Topics change on the private page: events instead of reports.
    page.get_by_label(gettext("New reports and documents")).uncheck()
    page.get_by_label(gettext("New events and meetings")).check()
    submit(page, page.get_by_role("button", name=gettext("Save my topics")).click)
    expect(page).to_have_url(manage)
    expect(main).to_contain_text(gettext("Your topics are saved."))
    subscriber.refresh_from_db()
    assert sorted(subscriber.topics) == sorted([EVENTS, f"{GROUP_PREFIX}{GROUP}"])
    assert REPORTS not in subscriber.topics

    # An editor publishes a meeting of the group: the digest announces it, in the
    # subscriber's language, with the link to unsubscribe.
    meeting = EventFactory(
        title_en="Light-duty charging meeting",
        title_es="Reunión sobre carga de vehículos ligeros",
        working_group=group,
        is_published=False,
    )
    Event.objects.filter(pk=meeting.pk).update(is_published=True)
    Event.objects.filter(pk=meeting.pk).mark_visible()
    call_command("send_digests", stdout=io.StringIO())

    digest = links_here[-1]
    assert len(links_here) == 2 and digest.to == ["Ana.Garcia@example.org"]
    meeting.refresh_from_db()
    assert meeting.title in digest.body
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe == f"{manage}unsubscribe/"

    # Opening that link unsubscribes nobody; its button does.
    audit.visit(unsubscribe)
    expect(heading).to_have_text(gettext("Unsubscribe"))
    fits(page)
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    submit(
        page,
        page.get_by_role("button", name=gettext("Unsubscribe and delete my address")).click,
    )
    expect(heading).to_have_text(gettext("You are unsubscribed"))
    audit.check()
    assert not Subscriber.objects.exists()
    translation.deactivate()
    audit.assert_clean()
