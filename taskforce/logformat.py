"""Logging helpers: everything goes to standard output, one line per event."""

import logging
import time


class OneLineFormatter(logging.Formatter):
    """Writes a record and its traceback on a single line, so that log collectors keep an
    error and its cause together: the traceback's line breaks become ` | `.

    Times are UTC: the process's own zone is the portal's (Mexico City), and every process
    and server should log the same clock."""

    converter = time.gmtime

    def format(self, record):
        return super().format(record).replace("\n", " | ")
