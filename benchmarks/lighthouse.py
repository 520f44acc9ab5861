"""Lighthouse scores of the key pages, on a phone, as served in production: gunicorn over
HTTPS with debug off, PostgreSQL with a large data set, Redis, static files by whitenoise.

    .venv/bin/python -m benchmarks.lighthouse [--runs 3] [--min-score 0.95] [--only TEXT]
        [--workers 4] [--lighthouse-dir DIR] [--cache-url redis://127.0.0.1:6379/10]
        [--documents 3000] [--members 3000] [--events 60] [--registrations 30000]
        [--reload] [--port 0]

Needs Node 20 with npm, openssl and Chromium (CHROME_PATH, by default Debian's
/usr/bin/chromium: `apt-get install chromium`). Lighthouse 12.2.3 is installed with npm the
first time into --lighthouse-dir (by default ~/.cache/zev-portal-benchmarks/
lighthouse-12.2.3, outside the repository); nothing else is fetched.

Pages, in English and in Spanish: the home page, a working group, the documents list and
the registration form of an open upcoming event. Lighthouse runs with its default mobile
profile (a mid-range phone on a slow 4G network, simulated) and the categories
performance, accessibility, best-practices and SEO, in headless Chromium (--headless=new
--no-sandbox, since it may run as root). Each page is run --runs times and the run with
the median performance score is kept, as Lighthouse CI does: the simulated timings scale
with how busy the machine's CPU was, and one unlucky run should not decide. About 15 s a
run: six minutes for 8 pages x 3 runs.

The site is served over HTTPS so that production's settings apply unchanged
(DJANGO_SECURE: HSTS, secure cookies, the CSP's upgrade-insecure-requests): gunicorn
terminates TLS itself with a throwaway self-signed certificate for 127.0.0.1 made with
openssl, which Chromium accepts with --ignore-certificate-errors. The database is the load
benchmark's (DATABASE_URL, by default postgres://root@127.0.0.1:5432/portal_load, filled as
benchmarks/load.py does; never point it at a database you care about, and do not run both
scripts at once). The cache is --cache-url, emptied at the start. Each page is requested
once before Lighthouse loads it, as on a site that is being visited.

Prints a table of the four scores per page with its total transfer size (Lighthouse's
total-byte-weight) and every run's performance score; the home pages' resources by size;
then, per page, every audit that scored below 1: its category, its share of that
category's score (0%: advisory, not scored), title, figure and where (elements, URLs),
and the audits Lighthouse could not run. The kept runs' JSON and HTML reports are in
benchmarks/results/lighthouse/ (git-ignored). Exits 1 when a score is below --min-score,
a Lighthouse run fails, or an audit that counts could not run.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import portal_server
from benchmarks import results as results_md
from tests.support.gunicorn import unused_port

LIGHTHOUSE_VERSION = "12.2.3"
DEFAULT_LIGHTHOUSE_DIR = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "zev-portal-benchmarks"
    / f"lighthouse-{LIGHTHOUSE_VERSION}"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --ignore-certificate-errors"
REPORTS_DIR = portal_server.RESULTS_DIR / "lighthouse"


def page_paths(slugs):
    """(report name, path) of the pages Lighthouse checks, English first."""
    pages = []
    for language in ("en", "es"):
        pages += [
            (f"{language}-home", f"/{language}/"),
            (f"{language}-working-group", f"/{language}/working-groups/{slugs['working_group']}/"),
            (f"{language}-documents", f"/{language}/documents/"),
            (f"{language}-register", f"/{language}/events/{slugs['event']}/register/"),
        ]
    return pages


def ensure_lighthouse(directory):
    """Lighthouse's CLI, installed with npm into `directory` when it is not there yet."""
    cli = directory / "node_modules" / "lighthouse" / "cli" / "index.js"
    package = directory / "node_modules" / "lighthouse" / "package.json"
    if package.exists() and json.loads(package.read_text())["version"] == LIGHTHOUSE_VERSION:
        return cli
    if not shutil.which("npm"):
        sys.exit("npm is needed to install Lighthouse (Node 20 or later)")
    print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {directory} ...", flush=True)
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(directory),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
    )
    return cli


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1 and localhost, valid for two days."""
    certfile, keyfile = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(keyfile),
            "-out",
            str(certfile),
        ],
        check=True,
        capture_output=True,
    )
    return certfile, keyfile


def run_lighthouse(cli, url, output_path, chrome_path):
    """One Lighthouse run; returns its JSON report (None if it failed, with the reason)."""
    for suffix in (".report.json", ".report.html"):
        Path(f"{output_path}{suffix}").unlink(missing_ok=True)
    command = [
        "node",
        str(cli),
        url,
        "--output=json",
        "--output=html",
        f"--output-path={output_path}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    environment = {**os.environ, "CHROME_PATH": chrome_path}
    try:
        result = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=300
        )
    except subprocess.TimeoutExpired:
        return None, "Lighthouse took more than 300 s"
    report_path = Path(f"{output_path}.report.json")
    if result.returncode != 0 or not report_path.exists():
        return None, (result.stderr or result.stdout).strip()[-2000:] or "no report"
    report = json.loads(report_path.read_text())
    if report.get("runtimeError"):
        return None, f"{report['runtimeError']['code']}: {report['runtimeError']['message']}"
    return report, None


def median_run(cli, url, name, chrome_path, runs):
    """`runs` Lighthouse runs of a page; returns the one with the median performance score
    (as Lighthouse CI does: one slow run on a busy machine should not decide), whose reports
    are kept as <name>.report.json/html. A failed run is tried once more (Lighthouse
    sometimes loses a trace: NO_NAVSTART, "Please run Lighthouse again"); a second failure
    ends it."""
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    reports = []
    for number in range(1, runs + 1):
        output_path = REPORTS_DIR / f"{name}-run{number}"
        report, error = run_lighthouse(cli, url, output_path, chrome_path)
        if report is None:
            print(f"  run {number} failed, once more: {error[-200:]}", file=sys.stderr)
            report, error = run_lighthouse(cli, url, output_path, chrome_path)
        if report is None:
            return None, error
        reports.append((report["categories"]["performance"]["score"] or 0, number, report))
    reports.sort(key=lambda item: item[:2])
    _, chosen, report = reports[len(reports) // 2]
    for number in range(1, runs + 1):
        for suffix in (".report.json", ".report.html"):
            run_file = REPORTS_DIR / f"{name}-run{number}{suffix}"
            if number == chosen:
                run_file.replace(REPORTS_DIR / f"{name}{suffix}")
            else:
                run_file.unlink(missing_ok=True)
    report["performance_scores"] = sorted(score for score, _, _ in reports)
    return report, None


def failing_audits(report):
    """(category title, share, audit) for every audit of the four categories that scored
    below 1 or could not run. The share is the audit's weight over the weights of the
    category's scored audits: what a score of 0 costs (0: advisory, not in the score)."""
    failing = []
    unscored = ("informative", "manual", "notApplicable", "error")
    for category_id in CATEGORIES:
        category = report["categories"].get(category_id)
        if category is None:
            continue
        refs = [(ref, report["audits"][ref["id"]]) for ref in category["auditRefs"]]
        total = sum(
            ref.get("weight", 0)
            for ref, audit in refs
            if audit.get("scoreDisplayMode") not in unscored and audit.get("score") is not None
        )
        found = []
        for ref, audit in refs:
            mode = audit.get("scoreDisplayMode")
            share = ref.get("weight", 0) / total if total else 0
            if mode == "error" or (
                mode not in unscored and audit.get("score") is not None and audit["score"] < 1
            ):
                found.append((category["title"], share, audit))
        failing += sorted(found, key=lambda item: -item[1])
    return failing


def score_text(score):
    return "  err" if score is None else f"{round(score * 100):5d}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument(
        "--min-score", type=float, default=0.95, help="exit 1 below this (default 0.95)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per page, the median kept (default 3)"
    )
    parser.add_argument("--only", default="", help="check only the pages containing TEXT")
    parser.add_argument("--lighthouse-dir", type=Path, default=DEFAULT_LIGHTHOUSE_DIR)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    portal_server.add_data_arguments(parser, cache_url="redis://127.0.0.1:6379/10")
    results_md.add_option(parser)
    options = parser.parse_args()

    chrome_path = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome_path).exists():
        sys.exit(f"no Chromium at {chrome_path}: apt-get install chromium, or set CHROME_PATH")
    if not shutil.which("openssl"):
        sys.exit("openssl is needed for the server's throwaway certificate")
    cli = ensure_lighthouse(options.lighthouse_dir)

    portal_server.production_environment(cache_url=options.cache_url, secure=True)
    portal_server.check_cache_url()
    counts = {name: getattr(options, name) for name in portal_server.DEFAULT_COUNTS}
    slugs = portal_server.prepare_site(counts, reload=options.reload)
    if slugs["event"] is None:
        sys.exit("no upcoming event open for registration: run with --reload")
    pages = [(name, path) for name, path in page_paths(slugs) if options.only in path]

    port = options.port or unused_port()
    results = []
    with tempfile.TemporaryDirectory(prefix="zev-lighthouse-") as scratch:
        certfile, keyfile = make_certificate(Path(scratch))
        with portal_server.serve(
            port,
            workers=options.workers,
            log_path=portal_server.RESULTS_DIR / "lighthouse-server.log",
            certfile=certfile,
            keyfile=keyfile,
        ) as server:
            for name, path in pages:
                # A visited site: the page is rendered (and cached) before Lighthouse comes.
                connection = server.connection(timeout=30)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                connection.close()
                url = f"https://127.0.0.1:{port}{path}"
                print(f"  lighthouse {url} ...", file=sys.stderr, flush=True)
                if response.status != 200:
                    report, error = None, f"the page answers {response.status}"
                else:
                    report, error = median_run(cli, url, name, chrome_path, options.runs)
                results.append((path, report, error))

    print()
    print(
        f"Lighthouse {LIGHTHOUSE_VERSION}, mobile profile, median of {options.runs} run(s),"
        f" {chrome_version(chrome_path)};"
        f" gunicorn --workers {options.workers} over HTTPS, database"
        f" {portal_server.database_name()}; reports in {REPORTS_DIR}"
    )
    problems = print_scores(results, options.min_score)
    print_transfer_sizes(results)
    for path, report, _ in results:
        if report is not None:
            problems += print_failing_audits(path, report)
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


def print_scores(results, min_score):
    """The table of scores; returns the problems (scores below min_score, failed runs)."""
    problems = []
    width = max([4] + [len(path) for path, _, _ in results])
    print(
        f"{'page':{width}} {'perf':>5} {'a11y':>5} {'b-p':>5} {'seo':>5} {'KB sent':>8}"
        "  performance of each run"
    )
    for path, report, error in results:
        if report is None:
            print(f"{path:{width}} failed: {error.splitlines()[-1] if error else ''}")
            problems.append(f"{path}: Lighthouse failed: {error}")
            continue
        scores = [report["categories"][category]["score"] for category in CATEGORIES]
        weight = report["audits"]["total-byte-weight"].get("numericValue") or 0
        columns = " ".join(score_text(score) for score in scores)
        runs = " ".join(score_text(score).strip() for score in report["performance_scores"])
        print(f"{path:{width}} {columns} {weight / 1024:8.1f}  {runs}")
        for category, score in zip(CATEGORIES, scores, strict=True):
            if score is None or score < min_score:
                problems.append(f"{path}: {category} {score_text(score).strip()}")
    return problems


def print_transfer_sizes(results):
    """The home pages' total transfer size, resource by resource."""
    for path, report, _ in results:
        if report is None or path not in ("/en/", "/es/"):
            continue
        audit = report["audits"]["total-byte-weight"]
        items = audit.get("details", {}).get("items", [])
        print(
            f"\n{path} total transfer size: {audit['numericValue'] / 1024:.1f} KB"
            f" ({audit['numericValue']:.0f} bytes) in {len(items)} resources:"
        )
        for item in items:
            print(f"  {item['totalBytes'] / 1024:7.1f} KB  {item['url']}")


def print_failing_audits(path, report):
    """A page's audits below 1, and those Lighthouse could not run; returns the problems
    (an audit that counts could not run)."""
    failing = failing_audits(report)
    errors = [item for item in failing if item[2].get("scoreDisplayMode") == "error"]
    failing = [item for item in failing if item not in errors]
    print(f"\n{path}: {len(failing) or 'no'} audit(s) below 1 (share of the category's score)")
    for category, share, audit in failing:
        figure = f" [{audit['displayValue']}]" if audit.get("displayValue") else ""
        print(
            f"  {category:14} {share:4.0%} {audit['score']:5.2f}  {audit['id']}:"
            f" {audit['title']}{figure}"
        )
        for detail in audit_details(audit):
            print(f"        {detail}")
    if not errors:
        return []
    # Lighthouse's own failures (e.g. a trace it cannot read): no score at all.
    reasons = {
        audit.get("errorMessage", "").rsplit("exception: ", 1)[-1].rsplit("error: ", 1)[-1]
        for _, _, audit in errors
    }
    print(
        f"  Lighthouse could not run {', '.join(audit['id'] for _, _, audit in errors)}"
        f" (share {sum(share for _, share, _ in errors):.0%}): {' / '.join(sorted(reasons))}"
    )
    if any(share for _, share, _ in errors):
        return [f"{path}: audits that count could not run"]
    return []


def audit_details(audit, limit=5):
    """A few lines saying where an audit failed: the elements, URLs or sources it lists."""
    if audit.get("errorMessage"):
        return [audit["errorMessage"]]
    lines = []
    for item in audit.get("details", {}).get("items", [])[:limit]:
        node = item.get("node") if isinstance(item, dict) else None
        if node:
            lines.append(f"{node.get('selector', '')}  {node.get('snippet', '')[:140]}")
        elif isinstance(item, dict):
            for key in ("url", "source", "description", "href"):
                value = item.get(key)
                if isinstance(value, str) and value:
                    lines.append(value[:160])
                    break
                if isinstance(value, dict) and (value.get("snippet") or value.get("url")):
                    lines.append((value.get("snippet") or value["url"])[:160])
                    break
    return lines


def chrome_version(chrome_path):
    try:
        result = subprocess.run(
            [chrome_path, "--version"], capture_output=True, text=True, timeout=30
        )
        return result.stdout.strip() or "Chromium"
    except (OSError, subprocess.TimeoutExpired):
        return "Chromium"


if __name__ == "__main__":
    sys.exit(results_md.run(main, "lighthouse"))
