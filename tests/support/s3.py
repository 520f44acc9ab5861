"""A local S3-compatible server (moto's) and the storage settings that the environment
gives taskforce/settings.py, for the tests of files kept in a bucket."""

import json
import os
import socket
import subprocess
import sys
from contextlib import contextmanager

import boto3
from django.conf import settings
from moto.server import ThreadedMotoServer


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def s3_server():
    """The server's endpoint URL, while it runs."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@contextmanager
def s3_bucket(endpoint, name, monkeypatch):
    """A boto3 client of a new bucket `name`, emptied and deleted afterwards; the
    credentials that boto3 reads, for django-storages too."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "portal")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "portal-secret")
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    try:
        yield client
    finally:
        for item in client.list_objects_v2(Bucket=name).get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
        client.delete_bucket(Bucket=name)


def bucket_storage_settings(endpoint, name, alias="default"):
    """settings.STORAGES[alias] with the bucket `name` of the server at `endpoint`."""
    environment = {
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    return storage_settings_from(environment, alias)


def storage_settings_from(environment, alias="default"):
    """settings.STORAGES[alias] as taskforce/settings.py reads it from `environment`, in a
    fresh interpreter (the settings module is read once per process)."""
    code = (
        "import django, json, sys; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES[sys.argv[1]], default=str))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(environment, DJANGO_SETTINGS_MODULE="taskforce.settings")
    env.setdefault("DJANGO_SECRET_KEY", "x" * 50)
    result = subprocess.run(
        [sys.executable, "-c", code, alias],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)
