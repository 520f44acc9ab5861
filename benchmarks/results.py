"""The benchmarks' latest figures in benchmarks/RESULTS.md: each script with
--write-results replaces its own section there, between the markers

    <!-- results:NAME -->
    ...
    <!-- /results:NAME -->

with what it printed, dated, so the figures that change on every run live in one file that
the scripts keep (not in the README)."""

import contextlib
import datetime
import io
import re
import sys
from pathlib import Path

RESULTS_FILE = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(name, text, path=RESULTS_FILE):
    """Replace section `name` of RESULTS.md with `text` (appended when missing)."""
    start, end = f"<!-- results:{name} -->", f"<!-- /results:{name} -->"
    block = (
        f"{start}\nMeasured {datetime.date.today():%Y-%m-%d}:\n\n```\n{text.rstrip()}\n```\n{end}"
    )
    content = path.read_text()
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(content):
        content = pattern.sub(lambda _match: block, content)
    else:
        content = content.rstrip() + f"\n\n{block}\n"
    path.write_text(content)
    print(f"figures written to {path} (section {name})")


class Recording(io.TextIOBase):
    """Standard output that is also kept: `with recording() as record: ...`, then
    record.text is what was printed meanwhile."""

    def __init__(self, out):
        self.out = out
        self.parts = []

    def write(self, text):
        self.parts.append(text)
        return self.out.write(text)

    def flush(self):
        self.out.flush()

    @property
    def text(self):
        return "".join(self.parts)


@contextlib.contextmanager
def recording():
    record = Recording(sys.stdout)
    with contextlib.redirect_stdout(record):
        yield record


def run(main, name):
    """main()'s exit status; with --write-results on the command line, what it printed
    becomes section `name` of RESULTS.md."""
    with recording() as record:
        status = main()
    if "--write-results" in sys.argv[1:]:
        write_section(name, record.text)
    return status


def add_option(parser):
    parser.add_argument(
        "--write-results",
        action="store_true",
        help="also write the summary into benchmarks/RESULTS.md, in this script's section",
    )
