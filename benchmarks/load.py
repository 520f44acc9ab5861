"""Load benchmark: requests per second of every public page against a bare Django view,
served by gunicorn on PostgreSQL with a large data set, as in production.

    .venv/bin/python -m benchmarks.load [--workers 4] [--threads 1] [--max-requests 0]
        [--connections 8] [--client-processes 2] [--warmup 1] [--rounds 3]
        [--duration 1] [--only TEXT] [--min-ratio 0] [--cache-url redis://127.0.0.1:6379/9]
        [--documents 3000] [--members 3000] [--events 60] [--registrations 30000]
        [--reload] [--port 0] [--write-results]

The goal (issue 11): every public page, the registration form included, serves at least
half the requests per second of a bare Django view: `HttpResponse("ok")` in its own
minimal project (benchmarks/bare/: only the security and common middleware, no app, no
database, no cache), served the same way on the same machine in the same run. Each page is
compared to two baselines, both printed:

- "django": that bare project, in its own gunicorn with the same worker count, the same
  gunicorn.conf.py and the same client. This is the goal's ratio: what the portal's
  middleware, URL resolution, cache and rendering cost on top of Django itself.
- "bare": the same view inside the portal (benchmarks/bench_urls.py adds /bare/ to the
  portal's URLs), through the portal's whole middleware stack in the portal's processes.
  Kept as it was measured before: it shows what a page costs beyond the middleware stack,
  and hides the stack's own cost.

DATABASE_URL defaults to postgres://root@127.0.0.1:5432/portal_load: created if missing,
migrated, given the real content and `load_demo_data` at the counts above (about 10-30 s),
unless it already holds them (--reload loads them again). Never point it at a database you
care about, and do not run this and benchmarks/lighthouse.py at once. The cache is
--cache-url (production's is Redis), emptied at the start. Static files are collected into
staticfiles/.

The portal's server is `gunicorn taskforce.wsgi:application` as deployed, with sync workers
and the project's gunicorn.conf.py (settings benchmarks/bench_settings.py: the production
settings with benchmarks/bench_urls.py as URLconf; production never serves /bare/); the bare
project's is `gunicorn benchmarks.bare.wsgi:application` with the same options, from the
same directory, on another port. Both run during the whole benchmark; only one is loaded at
a time. --max-requests N restarts each worker after N requests, to measure what recycling
would cost (the summary counts the restarts). Production settings: debug off,
DJANGO_SECURE on behind a TLS proxy (the client sends `X-Forwarded-Proto: https`; the bare
project has the same security settings), the request log at INFO, written with gunicorn's
own to benchmarks/results/load-server.log (the bare project's to load-bare-server.log;
git-ignored). Four workers for two cores by default, as on the README's deploy line: each
worker waits on PostgreSQL or Redis part of the time, and eight client connections keep all
four busy.

The client shares the machine's cores with the servers, PostgreSQL and Redis, so it is
made cheap: a minimal HTTP/1.1 client on raw sockets (cheaper than http.client),
in --client-processes processes (Python's GIL is not the limit) holding --connections
connections in all, each sending its requests one after the other (and connecting again
whenever the server closes, as sync workers do after every response). Whatever the client
costs comes out of the server's share of the CPUs, so absolute figures depend on the
machine; the goal is a ratio, and all its terms are measured with the same client in the
same conditions: for each page, --warmup seconds of it not counted (caches filled), then
--rounds alternations of the bare project, the portal's bare view and the page,
--duration seconds counted each (each slice starts with 0.15 s not counted, while
connections get going). About seven minutes for the 32 pages.

Prints one row per page: requests per second, the bare project's ("django") and the
portal's bare view's ("bare") in the slices alternating with it, the page's ratio to each,
latency p50/p95, the response body's size as sent (compressed when the portal compresses:
the client accepts gzip and br, as browsers do), the share of responses the portal's page
cache served (its X-Cache header) and the status codes; then the CPU time used by the
portal's gunicorn, the bare project's, PostgreSQL, Redis, the client and everything else
(when everything else is high, other work disturbed the run: run it again on a quiet
machine). Exits 1 when a page answers anything but 200, or, with --min-ratio, when a page's
ratio to the bare project is below it (--min-ratio 0.5 checks the goal).
"""

import argparse
import collections
import contextlib
import multiprocessing
import os
import resource
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

from benchmarks import portal_server
from benchmarks import results as results_md
from tests.support.gunicorn import unused_port

BARE = "/bare/"  # the same path in the portal and in the bare project
# Seconds of each slice not counted, while every connection gets going.
SETTLE = 0.15
# The services whose CPU time the summary shows: label by process name.
SERVICES = {"postgres": "PostgreSQL", "redis-server": "Redis"}
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36 zev-load-benchmark"
)


def page_paths(slugs):
    """The public pages, in both languages where the page has text."""
    pages = []
    for language, query in (("en", "transport"), ("es", "transporte")):
        prefix = f"/{language}"
        pages += [
            f"{prefix}/",
            f"{prefix}/themes/",
            f"{prefix}/themes/{slugs['theme']}/",
            f"{prefix}/working-groups/",
            f"{prefix}/working-groups/{slugs['working_group']}/",
            f"{prefix}/members/",
            f"{prefix}/documents/",
            f"{prefix}/documents/{slugs['document']}/",
            f"{prefix}/events/",
            f"{prefix}/events/{slugs['event']}/",
            f"{prefix}/events/{slugs['event']}/register/",
            f"{prefix}/search/?q={query}",
            f"{prefix}/privacy/",
            f"{prefix}/documents/feed/",
        ]
    pages += [
        "/en/members/?sector=oem&page=2",
        "/en/documents/?page=2",
        "/es/documents/?theme=governance&kind=report",
        "/sitemap.xml",
    ]
    return pages


def request_bytes(path, port):
    """A browser-like GET, as the TLS proxy would pass it on."""
    language = "es-MX,es;q=0.9,en;q=0.5" if path.startswith("/es/") else "en-US,en;q=0.9"
    return (
        f"GET {path} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        f"User-Agent: {USER_AGENT}\r\n"
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
        f"Accept-Language: {language}\r\n"
        "Accept-Encoding: gzip, deflate, br\r\n"
        "X-Forwarded-Proto: https\r\n"
        "\r\n"
    ).encode("ascii")


# --- The client ------------------------------------------------------------------------------


def read_response(stream):
    """Read one HTTP/1.1 response: (status, body size, whether the server closes, whether
    the portal's page cache served it: its X-Cache header)."""
    status_line = stream.readline(65537)
    if not status_line:
        raise ConnectionError("connection closed before the response")
    status = int(status_line.split(None, 2)[1])
    length, chunked, close = None, False, status_line.startswith(b"HTTP/1.0")
    cache_hit = False
    while True:
        line = stream.readline(65537)
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            close = b"close" in value.lower()
        elif name == b"x-cache":
            cache_hit = value.strip().lower() == b"hit"
    if chunked:
        size = 0
        while True:
            chunk = int(stream.readline(65537).split(b";", 1)[0], 16)
            if chunk == 0:
                while stream.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                break
            size += len(stream.read(chunk))
            stream.readline(65537)
    elif length is not None:
        size = len(stream.read(length))
    else:
        size, close = len(stream.read()), True
    return status, size, close, cache_hit


def run_connection(port, request, count_from, stop_at, results):
    """One connection's requests, back to back until stop_at; only the responses completed
    from count_from on are counted."""
    latencies, statuses, errors = [], collections.Counter(), collections.Counter()
    size_total = hits = 0
    sock = stream = None
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            if sock is None:
                sock = socket.create_connection(("127.0.0.1", port), timeout=30)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                stream = sock.makefile("rb")
            sock.sendall(request)
            status, size, close, cache_hit = read_response(stream)
        except (OSError, ValueError) as error:
            if count_from <= time.monotonic() <= stop_at:
                errors[type(error).__name__] += 1
            if sock is not None:
                sock.close()
            sock = stream = None
            time.sleep(0.01)
            continue
        finished = time.monotonic()
        if count_from <= finished <= stop_at:
            latencies.append(finished - started)
            statuses[status] += 1
            size_total += size
            hits += cache_hit
        if close:
            stream.close()
            sock.close()
            sock = stream = None
    if sock is not None:
        sock.close()
    results.append((latencies, statuses, errors, size_total, hits))


def merge(parts):
    """Add up (latencies, statuses, errors, bytes, cache hits) results."""
    latencies, statuses, errors = [], collections.Counter(), collections.Counter()
    size_total = hits = 0
    for part_latencies, part_statuses, part_errors, part_size, part_hits in parts:
        latencies += part_latencies
        statuses.update(part_statuses)
        errors.update(part_errors)
        size_total += part_size
        hits += part_hits
    return latencies, statuses, errors, size_total, hits


def client_process(pipe):
    """A client process: runs each measurement it is sent with its share of connections."""
    while (command := pipe.recv()) is not None:
        port, request, connections, count_from, stop_at = command
        results = []
        threads = [
            threading.Thread(
                target=run_connection, args=(port, request, count_from, stop_at, results)
            )
            for _ in range(connections)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        pipe.send(merge(results))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    pipe.send(usage.ru_utime + usage.ru_stime)


class Measurement:
    def __init__(self, path, seconds, latencies, statuses, errors, size_total, hits):
        self.path = path
        self.seconds = seconds
        self.latencies = sorted(latencies)
        self.statuses = statuses
        self.errors = errors
        self.size_total = size_total
        self.hits = hits

    def __add__(self, other):
        """Two slices of the same page's load, counted as one."""
        return Measurement(
            self.path,
            self.seconds + other.seconds,
            self.latencies + other.latencies,
            self.statuses + other.statuses,
            self.errors + other.errors,
            self.size_total + other.size_total,
            self.hits + other.hits,
        )

    @property
    def count(self):
        return len(self.latencies)

    @property
    def rps(self):
        return self.count / self.seconds

    def percentile_ms(self, fraction):
        if not self.latencies:
            return float("nan")
        index = min(len(self.latencies) - 1, int(round(fraction * (len(self.latencies) - 1))))
        return self.latencies[index] * 1000

    @property
    def hit_rate(self):
        return self.hits / self.count if self.count else 0

    @property
    def mean_size(self):
        return self.size_total / self.count if self.count else 0

    def status_text(self):
        parts = [f"{status}:{count}" for status, count in sorted(self.statuses.items())]
        parts += [f"{name}:{count}" for name, count in sorted(self.errors.items())]
        return " ".join(parts) or "none"

    @property
    def all_ok(self):
        return self.count > 0 and set(self.statuses) == {200} and not self.errors


class ClientPool:
    """--client-processes processes (spawned: nothing of this one's state is inherited),
    started once and given one measurement at a time, all starting at the same moment."""

    def __init__(self, processes, connections):
        context = multiprocessing.get_context("spawn")
        self.shares = [
            connections // processes + (index < connections % processes)
            for index in range(processes)
        ]
        self.shares = [share for share in self.shares if share]
        self.pipes = []
        self.processes = []
        for _ in self.shares:
            parent_end, child_end = context.Pipe()
            process = context.Process(target=client_process, args=(child_end,), daemon=True)
            process.start()
            self.pipes.append(parent_end)
            self.processes.append(process)
        self.cpu_seconds = None

    def measure(self, port, path, warmup, duration):
        request = request_bytes(path, port)
        count_from = time.monotonic() + 0.05 + warmup  # 0.05 s for every process to start
        stop_at = count_from + duration
        for pipe, share in zip(self.pipes, self.shares, strict=True):
            pipe.send((port, request, share, count_from, stop_at))
        return Measurement(path, duration, *merge(pipe.recv() for pipe in self.pipes))

    def close(self):
        for pipe in self.pipes:
            pipe.send(None)
        self.cpu_seconds = sum(pipe.recv() for pipe in self.pipes)
        for process in self.processes:
            process.join(timeout=5)


# --- CPU accounting ----------------------------------------------------------------------------


def process_table():
    """{pid: (command name, parent pid, own CPU ticks, reaped children's CPU ticks)}."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces.
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        own = int(fields[11]) + int(fields[12])  # utime, stime
        reaped = int(fields[13]) + int(fields[14])  # cutime, cstime
        table[int(entry.name)] = (name, int(fields[1]), own, reaped)
    return table


def children_of(pid, table=None):
    table = table or process_table()
    return [child for child, (_, parent, _, _) in table.items() if parent == pid]


def tree_cpu_seconds(pid, table):
    """CPU seconds of a process and all its descendants, those that exited included (the
    kernel adds them to their parent's count when reaped): gunicorn's restarted workers,
    PostgreSQL's ended backends."""
    if pid not in table:
        return 0.0
    _, _, own, reaped = table[pid]
    seconds = (own + reaped) / os.sysconf("SC_CLK_TCK")
    return seconds + sum(tree_cpu_seconds(child, table) for child in children_of(pid, table))


def service_roots(table):
    """The top process of each service the summary accounts for, by label."""
    roots = {}
    for pid, (name, parent, _, _) in table.items():
        label = SERVICES.get(name)
        if label and table.get(parent, ("",))[0] != name:
            roots[label] = pid
    return roots


def machine_cpu_seconds():
    """Busy CPU seconds of the whole machine so far: user, nice, system, irq and softirq
    (not idle, iowait, or time a hypervisor stole)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields[index] for index in (0, 1, 2, 5, 6)) / os.sysconf("SC_CLK_TCK")


# --- Main ----------------------------------------------------------------------------------------


def measure_page(clients, ports, path, options):
    """(bare project, portal's bare view, page) measurements, each the sum of --rounds
    alternating slices. `ports`: {"django": the bare project's, "portal": the portal's}."""
    # Not counted: fills the page's caches (templates, the page cache) and every worker's
    # database connection.
    clients.measure(ports["portal"], path, options.warmup, 0)
    slices = {"django": [], "bare": [], "page": []}
    for _ in range(options.rounds):
        # The three alternate, so whatever else the machine does weighs on each.
        slices["django"].append(clients.measure(ports["django"], BARE, SETTLE, options.duration))
        slices["bare"].append(clients.measure(ports["portal"], BARE, SETTLE, options.duration))
        slices["page"].append(clients.measure(ports["portal"], path, SETTLE, options.duration))
    django_bare, bare, page = (sum(parts[1:], parts[0]) for parts in slices.values())
    print(
        f"  {path}: {page.rps:.0f} rps (django {django_bare.rps:.0f}, bare {bare.rps:.0f})"
        f" {page.status_text()}",
        file=sys.stderr,
        flush=True,
    )
    return Row(django_bare, bare, page)


class Row(collections.namedtuple("Row", "django bare page")):
    """One page's measurements and its two ratios."""

    @property
    def ratio(self):
        """Against the bare Django project: the goal's ratio."""
        return self.page.rps / self.django.rps if self.django.rps else 0.0

    @property
    def portal_ratio(self):
        """Against the bare view inside the portal."""
        return self.page.rps / self.bare.rps if self.bare.rps else 0.0


def print_table(rows):
    width = max(len("page"), *(len(row.page.path) for row in rows))
    header = (
        f"{'page':{width}} {'rps':>7} {'django':>7} {'ratio':>6} {'bare':>7} {'ratio':>6}"
        f" {'p50 ms':>7} {'p95 ms':>7} {'KB':>6} {'cached':>6}  statuses"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        page = row.page
        flag = "" if row.ratio >= 0.5 else ("  < 1/2" if row.ratio >= 1 / 3 else "  < 1/3")
        print(
            f"{page.path:{width}} {page.rps:7.1f} {row.django.rps:7.1f} {row.ratio:6.2f}"
            f" {row.bare.rps:7.1f} {row.portal_ratio:6.2f}"
            f" {page.percentile_ms(0.5):7.1f} {page.percentile_ms(0.95):7.1f}"
            f" {page.mean_size / 1024:6.1f} {page.hit_rate:6.0%}  {page.status_text()}{flag}"
        )
    print(
        "django: HttpResponse('ok') in its own bare project (benchmarks/bare/), the goal's"
        " baseline; bare: the same view inside the portal, through its middleware"
    )


def summary(rows):
    """The summary line: each baseline's median and how many pages reach half of it."""
    parts = []
    for label, baseline, ratio in (
        ("bare project (django)", "django", "ratio"),
        ("bare view in the portal (bare)", "bare", "portal_ratio"),
    ):
        rps = [getattr(row, baseline).rps for row in rows]
        ratios = [getattr(row, ratio) for row in rows]
        worst = min(range(len(rows)), key=ratios.__getitem__)
        parts.append(
            f"{label}: median {statistics.median(rps):.0f} rps"
            f" (min {min(rps):.0f}, max {max(rps):.0f}); pages at half or more:"
            f" {sum(r >= 0.5 for r in ratios)}/{len(rows)}, at a third or more:"
            f" {sum(r >= 1 / 3 for r in ratios)}/{len(rows)}; ratios {min(ratios):.2f}"
            f"-{max(ratios):.2f}, lowest {rows[worst].page.path}"
        )
    return "\n".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker; 1: sync workers (default)"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=0,
        help="restart a worker after this many requests; default 0: never (see above)",
    )
    parser.add_argument("--connections", type=int, default=8, help="client connections in all")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument(
        "--duration", type=float, default=1.0, help="seconds counted per slice (default 1)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="bare/page slices per page (default 3)"
    )
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="seconds of each page not counted first"
    )
    parser.add_argument("--only", default="", help="measure only the pages containing TEXT")
    parser.add_argument(
        "--min-ratio", type=float, default=0.0, help="exit 1 if a page's ratio is below this"
    )
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    portal_server.add_data_arguments(parser, cache_url="redis://127.0.0.1:6379/9")
    results_md.add_option(parser)
    options = parser.parse_args()

    portal_server.production_environment(
        cache_url=options.cache_url, secure=True, proxy_ssl_header="X-Forwarded-Proto"
    )
    portal_server.check_cache_url()
    counts = {name: getattr(options, name) for name in portal_server.DEFAULT_COUNTS}
    slugs = portal_server.prepare_site(counts, reload=options.reload)
    if slugs["event"] is None:
        sys.exit("no upcoming event open for registration: run with --reload")
    pages = [path for path in page_paths(slugs) if options.only in path]

    ports = {"portal": options.port or unused_port()}
    ports["django"] = unused_port()
    while ports["django"] == ports["portal"]:
        ports["django"] = unused_port()
    log_path = portal_server.RESULTS_DIR / "load-server.log"
    server_options = {
        "workers": options.workers,
        "threads": options.threads,
        "max_requests": options.max_requests,
    }
    clients = ClientPool(options.client_processes, options.connections)
    rows = []
    with contextlib.ExitStack() as servers:
        server = servers.enter_context(
            portal_server.serve(
                ports["portal"],
                settings_module="benchmarks.bench_settings",
                log_path=log_path,
                **server_options,
            )
        )
        # The bare project has no /healthz: any answer means it is serving.
        bare_server = servers.enter_context(
            portal_server.serve(
                ports["django"],
                app="benchmarks.bare.wsgi:application",
                settings_module="benchmarks.bare.settings",
                log_path=portal_server.RESULTS_DIR / "load-bare-server.log",
                healthy_only=False,
                **server_options,
            )
        )
        deadline = time.monotonic() + 15
        while any(
            len(children_of(each.process.pid)) < options.workers for each in (server, bare_server)
        ):
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        # What the machine does without us: other work skews the figures.
        idle_before = machine_cpu_seconds()
        time.sleep(1)
        busy_before = (machine_cpu_seconds() - idle_before) / (os.cpu_count() or 1)
        if busy_before > 0.15:
            print(
                f"warning: the machine is {busy_before:.0%} busy before the benchmark starts:"
                " the figures will be less reliable",
                flush=True,
            )
        table = process_table()
        roots = {
            "gunicorn (portal)": server.process.pid,
            "gunicorn (bare project)": bare_server.process.pid,
            **service_roots(table),
        }
        cpu_before = {label: tree_cpu_seconds(pid, table) for label, pid in roots.items()}
        machine_before = machine_cpu_seconds()
        started = time.monotonic()
        print(
            f"gunicorn: {options.workers} {'sync' if options.threads == 1 else 'gthread'}"
            f" workers each for the portal (127.0.0.1:{ports['portal']}) and the bare project"
            f" (127.0.0.1:{ports['django']}); client: {options.connections} connections in"
            f" {len(clients.shares)} processes; per page {options.warmup:g} s warm-up, then"
            f" {options.rounds} x (bare project, bare view in the portal, page) slices of"
            f" {options.duration:g} s counted; {os.cpu_count()} CPUs",
            flush=True,
        )
        for path in pages:
            rows.append(measure_page(clients, ports, path, options))
        wall = time.monotonic() - started
        machine_cpu = machine_cpu_seconds() - machine_before
        table = process_table()
        cpu = {
            label: tree_cpu_seconds(pid, table) - cpu_before[label] for label, pid in roots.items()
        }
    clients.close()

    print()
    print(
        f"load benchmark, database {portal_server.database_name()} ("
        + ", ".join(f"{count} {name}" for name, count in counts.items())
        + f"), cache {os.environ['CACHE_URL']}"
    )
    print(f"slugs: {slugs}")
    if rows:
        print_table(rows)
        print(summary(rows))
    cpu["load client"] = clients.cpu_seconds
    others = max(machine_cpu - sum(cpu.values()), 0)
    print(
        f"CPU seconds over {wall:.0f} s on {os.cpu_count()} CPUs: machine {machine_cpu:.0f}"
        f" busy of {wall * os.cpu_count():.0f}; "
        + ", ".join(f"{label} {seconds:.0f}" for label, seconds in cpu.items())
        + f", everything else {others:.0f}"
        + (" (other work disturbed the run)" if others > 0.1 * machine_cpu else "")
    )
    boots = log_path.read_text(errors="replace").count("Booting worker")
    if boots > options.workers:
        print(
            f"gunicorn restarted workers {boots - options.workers} times (--max-requests);"
            " their start-up is part of the figures"
        )
    print(f"server log: {log_path}")

    problems = []
    for row in rows:
        for label, baseline in (("bare project", row.django), ("portal", row.bare)):
            if not baseline.all_ok:
                problems.append(
                    f"{BARE} ({label}) alongside {row.page.path}: {baseline.status_text()}"
                )
        if not row.page.all_ok:
            problems.append(f"{row.page.path}: {row.page.status_text()}")
        if options.min_ratio and row.ratio < options.min_ratio:
            problems.append(f"{row.page.path}: ratio {row.ratio:.2f} < {options.min_ratio}")
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(results_md.run(main, "load"))
