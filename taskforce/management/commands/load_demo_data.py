"""load_demo_data: clearly labelled sample data on top of the real content.

The data itself is made by taskforce.sample_data, which the tests and the benchmarks use too;
this command only reads the counts and the seed.
"""

from django.core.management.base import BaseCommand, CommandError

from taskforce import sample_data


class Command(BaseCommand):
    help = (
        "Add clearly labelled sample data (organizations, people, memberships, "
        "recommendations, documents, events and their registrations) for trying the site "
        "and for benchmarks. Counts are totals; --registrations are spread over the events. "
        "Deterministic for a given --seed (and day); replaces the previous sample data; never "
        "touches real content. Run after load_portal_content."
    )

    def add_arguments(self, parser):
        defaults = sample_data.Counts()
        parser.add_argument("--members", type=int, default=defaults.members, help="people (total)")
        parser.add_argument(
            "--documents", type=int, default=defaults.documents, help="documents (total)"
        )
        parser.add_argument("--events", type=int, default=defaults.events, help="events (total)")
        parser.add_argument(
            "--registrations",
            type=int,
            default=defaults.registrations,
            help="registrations, over the events",
        )
        parser.add_argument(
            "--seed", type=int, default=sample_data.DEFAULT_SEED, help="random seed"
        )

    def handle(self, *args, **options):
        try:
            counts = sample_data.Counts(
                members=options["members"],
                documents=options["documents"],
                events=options["events"],
                registrations=options["registrations"],
            )
            totals = sample_data.load(counts, seed=options["seed"])
        except (ValueError, sample_data.MissingContent) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(totals)))
