"""An event's registration summary for coordinators: the seat counts and the bar charts
(by status, sector, country, attendance and interpretation), laid out here so that the
template needs neither script nor inline styles (the CSP forbids both)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from taskforce.background.models import Email
from workinggroups.models import Sector

from . import emails
from .models import Event, Registration
from .models.registration import absent_condition

# Pixels per bar in the summary charts: a line of text, then the bar under it.
BAR_ROW_HEIGHT = 36


@dataclass
class Bar:
    label: str
    count: int
    share: float  # of the chart's total, in percent
    width: str  # the share, as an SVG length of the full track ("62.50%")
    y: int

    @property
    def text_y(self):
        return self.y + 15

    @property
    def bar_y(self):
        return self.y + 21


@dataclass
class Chart:
    slug: str
    title: str
    label_heading: str  # what the bars are: "Sector", "Country"...
    total: int
    bars: list[Bar]

    @property
    def height(self):
        return max(len(self.bars), 1) * BAR_ROW_HEIGHT


def _chart(slug, title, label_heading, counts):
    """A horizontal bar chart of `counts` ((label, count) pairs), laid out here so that the
    template needs neither script nor inline styles (the CSP forbids both).

    Each bar is its share of the chart's total, drawn over a track that stands for the
    whole: half the registrations fill half the track (scaled to the largest value, 50%
    would look like 100%)."""
    total = sum(count for _label, count in counts)
    bars = []
    for index, (label, count) in enumerate(counts):
        share = 100 * count / total if total else 0
        bars.append(
            Bar(
                label=str(label),
                count=count,
                share=share,
                # A count of one among thousands still shows, as a sliver.
                width=f"{max(share, 0.5) if count else 0:.2f}%",
                y=index * BAR_ROW_HEIGHT,
            )
        )
    return Chart(slug=slug, title=title, label_heading=label_heading, total=total, bars=bars)


def _by_count(counter, label_of):
    return sorted(
        ((label_of(value), count) for value, count in counter.items()),
        key=lambda pair: (-pair[1], str(pair[0])),
    )


def _counts_and_charts(event):
    """Counts by status (all registrations) and by sector, country, attendance and
    interpretation (active ones: confirmed and waitlisted), from one grouped query whose
    size depends on the combinations present, not on the number of registrations."""
    joined_online = ExpressionWrapper(Q(joined_online_at__isnull=False), BooleanField())
    absent = ExpressionWrapper(absent_condition(), BooleanField())
    combinations = (
        event.registrations.order_by()
        .annotate(joined_online=joined_online, absent=absent)
        .values_list(
            "status",
            "sector",
            "country",
            "attendance_mode",
            "interpretation",
            "attended",
            "joined_online",
            "absent",
        )
        .annotate(count=Count("pk"))
    )
    statuses, sectors, country_codes, attendance, interpretation = (Counter() for _i in range(5))
    presence = Presence(event.ends_at < timezone.now())
    for (
        status,
        sector,
        country,
        attendance_mode,
        wants_interpretation,
        attended,
        online,
        is_absent,
        count,
    ) in combinations:
        statuses[status] += count
        presence.add(sector, country, bool(attended), online, is_absent, count)
        if status in Registration.ACTIVE_STATUSES:
            sectors[sector] += count
            country_codes[country] += count
            attendance[attendance_mode] += count
            interpretation[wants_interpretation] += count

    sector_labels = dict(Sector.choices)
    attendance_labels = dict(Registration.AttendanceMode.choices)
    # Only hybrid events ask; elsewhere everyone attends the event's one way.
    attendance_labels[""] = (
        _("Not stated") if event.mode == Event.Mode.HYBRID else event.get_mode_display()
    )
    charts = [
        _chart(
            "status",
            _("Registrations by status"),
            _("Status"),
            [(label, statuses[value]) for value, label in Registration.Status.choices],
        ),
        _chart(
            "sector",
            _("Active registrations by sector"),
            _("Sector"),
            _by_count(sectors, lambda value: sector_labels.get(value, value)),
        ),
        _chart(
            "country",
            _("Active registrations by country"),
            _("Country"),
            _by_count(
                country_codes,
                lambda code: (countries.name(code) or code) if code else _("Not stated"),
            ),
        ),
        _chart(
            "attendance",
            _("Active registrations by attendance"),
            _("Attendance"),
            _by_count(attendance, lambda value: attendance_labels.get(value, value)),
        ),
        _chart(
            "interpretation",
            _("Active registrations needing English–Spanish interpretation"),
            _("Interpretation"),
            [(_("Yes"), interpretation[True]), (_("No"), interpretation[False])],
        ),
    ]
    presence.label(
        sector=lambda value: sector_labels.get(value, value),
        country=lambda code: (countries.name(code) or code) if code else _("Not stated"),
    )
    return statuses, charts, presence


class Presence:
    """Who came: attended (checked in or joined online), absent (absent_condition: None
    before the event ends) and joined online, in all and by sector and country."""

    KEYS = ("attended", "absent", "online")

    def __init__(self, ended):
        self.ended = ended
        self.totals = Counter()
        self.by = {"sector": {}, "country": {}}

    def add(self, sector, country, attended, online, absent, count):
        counts = Counter(
            attended=count if attended else 0,
            online=count if online else 0,
            absent=count if absent else 0,
        )
        self.totals.update(counts)
        for kind, value in (("sector", sector), ("country", country)):
            self.by[kind].setdefault(value, Counter()).update(counts)

    @property
    def attended(self):
        return self.totals["attended"]

    @property
    def online(self):
        return self.totals["online"]

    @property
    def absent(self):
        return self.totals["absent"] if self.ended else None

    def label(self, **label_of):
        """Rows (label, attended, absent, online) by sector and by country, most attended
        first; groups where nobody attended, was absent or joined are left out."""
        for kind, of in label_of.items():
            rows = [
                (of(value), counts["attended"], counts["absent"], counts["online"])
                for value, counts in self.by[kind].items()
                if any(counts.values())
            ]
            rows.sort(key=lambda row: (-row[1], -row[2], str(row[0])))
            setattr(self, f"by_{kind}", rows)
        self.tables = [(_("By sector"), self.by_sector), (_("By country"), self.by_country)]


@dataclass
class Summary:
    total: int
    confirmed: int
    waitlisted: int
    cancelled: int
    seats_left: int | None  # None: no limit
    charts: list[Chart]
    presence: Presence
    undelivered_confirmations: int = 0


def undelivered_confirmations(event):
    """Active registrations whose latest confirmation has not reached the mail server."""
    return (
        emails.with_confirmation_status(event.registrations.active())
        .filter(confirmation_status__in=Email.UNDELIVERED)
        .count()
    )


def event_summary(event: Event) -> Summary:
    """The counts and charts of an event's summary page, from one grouped query. The
    event's seats follow the counted confirmed registrations (Event.seats_left_after)."""
    statuses, charts, presence = _counts_and_charts(event)
    confirmed = statuses[Registration.Status.CONFIRMED]
    return Summary(
        total=sum(statuses.values()),
        confirmed=confirmed,
        waitlisted=statuses[Registration.Status.WAITLISTED],
        cancelled=statuses[Registration.Status.CANCELLED],
        seats_left=event.seats_left_after(confirmed),
        charts=charts,
        presence=presence,
        undelivered_confirmations=undelivered_confirmations(event),
    )
