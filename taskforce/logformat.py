"""Logging helpers: everything goes to standard output, one line per event."""

import logging


class OneLineFormatter(logging.Formatter):
    """Writes a record and its traceback on a single line, so that log collectors keep an
    error and its cause together: the traceback's line breaks become ` | `."""

    def format(self, record):
        return super().format(record).replace("\n", " | ")
