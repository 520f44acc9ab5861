"""Why an email was not sent, in the reader's language.

The worker has no reader: it stores the portal's own reasons in English (marked here and at
their source with gettext_noop, so they are in the catalogue), and the admin and the
coordinators' pages translate them when they show them. A mail server's own answer
("550 5.1.1 <ana@…>: no such user") is shown as it came: it is the server's words, and
what its postmaster would ask for.
"""

import re

from django.utils.translation import gettext, gettext_noop

# The reasons stored with a detail after them ("Could not be prepared: ValueError(…)").
NOT_PREPARED = gettext_noop("Could not be prepared")
NOT_SENT = gettext_noop("Could not be sent")
PREFIXES = (NOT_PREPARED, NOT_SENT)
NO_ANSWER = gettext_noop("none")
# The sweep's reason for mail it gives up on, written by one UPDATE (sending.give_up_old),
# and read back by the pattern made from it.
GIVEN_UP_PREFIX = "Not sent within {hours} hours. Last answer: "
GIVEN_UP = re.compile(
    re.escape(GIVEN_UP_PREFIX).replace(re.escape("{hours}"), r"(?P<hours>\d+)") + r"(?P<answer>.*)",
    re.S,
)


def shown(stored):
    """The stored reason as the reader should see it."""
    if not stored:
        return stored
    if (given_up := GIVEN_UP.fullmatch(stored)) is not None:
        answer = given_up["answer"]
        return gettext("Not sent within %(hours)s hours. Last answer: %(answer)s") % {
            "hours": given_up["hours"],
            "answer": gettext(NO_ANSWER) if answer == NO_ANSWER else shown(answer),
        }
    for prefix in PREFIXES:
        if stored.startswith(f"{prefix}: "):
            return f"{gettext(prefix)}: {stored[len(prefix) + 2 :]}"
    # One of the portal's own reasons if the catalogue has it, else a server's answer.
    return gettext(stored)
