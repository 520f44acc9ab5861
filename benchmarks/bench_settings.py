"""Settings for benchmarks/load.py's gunicorn: the production settings, with a URLconf that
adds one bare view (benchmarks/bench_urls.py) to compare every page against. Production never
loads this module."""

from taskforce.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
