"""Documents kept in an S3-compatible bucket, as when app servers keep nothing on disk.

An S3-compatible server (moto's) listens on a local port; django-storages talks to it over
HTTP with boto3, exactly as it would to AWS or MinIO. The storage settings are the ones
`AWS_STORAGE_BUCKET_NAME` and friends produce in taskforce/settings.py, read in a fresh
interpreter.
"""

import json
import os
import socket
import subprocess
import sys

import boto3
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from documents.models import Document
from tests.documents.test_admin import PDF, add_document

pytestmark = pytest.mark.django_db

BUCKET = "zev-portal-media"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _storage_settings_from(environment):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(environment, DJANGO_SETTINGS_MODULE="taskforce.settings")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket_storage(s3_endpoint, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "portal")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "portal-secret")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    storage = _storage_settings_from(
        {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
        }
    )
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_without_a_bucket_media_stays_on_disk():
    storage = _storage_settings_from({"DJANGO_SECRET_KEY": "x" * 50})

    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_the_bucket_settings_come_from_the_environment():
    storage = _storage_settings_from(
        {
            "DJANGO_SECRET_KEY": "x" * 50,
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
            "AWS_S3_REGION_NAME": "us-west-2",
        }
    )

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == BUCKET
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert storage["OPTIONS"]["region_name"] == "us-west-2"
    # Private objects, never overwritten: the portal hands them out itself.
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["file_overwrite"] is False


def test_an_uploaded_document_goes_to_the_bucket_and_downloads_from_it(
    bucket_storage, editor_client, client
):
    response = add_document(editor_client, SimpleUploadedFile("Final Report.pdf", PDF))

    assert response.status_code == 302
    document = Document.objects.get(slug="uploaded-report")
    [stored] = bucket_storage.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert stored["Key"] == f"media/{document.file.name}"
    assert "Final Report" not in stored["Key"]  # stored under a random name
    download = client.get("/en/documents/uploaded-report/download/")
    assert download["Content-Disposition"] == 'attachment; filename="uploaded-report.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    download.close()


def test_a_file_missing_from_the_bucket_is_a_404(bucket_storage, editor_client, client):
    add_document(editor_client, SimpleUploadedFile("report.pdf", PDF))
    document = Document.objects.get(slug="uploaded-report")
    bucket_storage.delete_object(Bucket=BUCKET, Key=f"media/{document.file.name}")

    response = client.get("/en/documents/uploaded-report/download/")

    assert response.status_code == 404
