"""`make run` serves the site on the port it is given, and the links it emails follow it."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _planned_commands(*arguments, env=None):
    """What `make run` would run, without running it (make's dry run)."""
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return [line for line in result.stdout.splitlines() if "manage.py" in line]


def test_emails_sent_under_make_run_link_to_the_port_it_serves():
    commands = _planned_commands("PORT=8123")

    server = [line for line in commands if "runserver" in line]
    assert server and server[0].endswith("runserver 127.0.0.1:8123")
    # Every step (migrate, content, demo data, server) sees the same public address.
    assert all("PORTAL_BASE_URL=http://127.0.0.1:8123/" in line for line in commands)


def test_a_public_address_from_the_environment_wins_under_make_run():
    env = {**os.environ, "PORTAL_BASE_URL": "https://portal.example.org/"}
    commands = _planned_commands("PORT=8123", env=env)

    assert all("PORTAL_BASE_URL=https://portal.example.org/" in line for line in commands)
