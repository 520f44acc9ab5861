"""Exports built in the background, kept in an S3-compatible bucket under their own private
prefix, as when app servers keep nothing on disk (moto's server on a local port, as in
tests/documents/test_s3_storage.py)."""

import io
import json
import os
import subprocess
import sys

import boto3
import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command

from registrations.models import Export
from tests.documents.test_s3_storage import s3_endpoint  # noqa: F401 (a fixture)
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

BUCKET = "zev-portal-exports"


def _storages_from(environment):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES, default=str))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(environment, DJANGO_SETTINGS_MODULE="taskforce.settings")
    env.setdefault("DJANGO_SECRET_KEY", "x" * 50)
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


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):  # noqa: F811
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "portal")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "portal-secret")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    storages = _storages_from(
        {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
        }
    )
    settings.STORAGES = {**settings.STORAGES, "private": storages["private"]}
    settings.EXPORT_BACKGROUND_ROWS = 1
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_without_a_bucket_exports_stay_in_the_private_folder():
    storages = _storages_from({"PRIVATE_MEDIA_ROOT": "/srv/portal-private"})

    assert storages["private"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["OPTIONS"]["location"] == "/srv/portal-private"


def test_with_a_bucket_exports_go_under_their_own_private_prefix():
    storages = _storages_from(
        {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_PRIVATE_LOCATION": "registrant-exports"}
    )

    private, media = storages["private"]["OPTIONS"], storages["default"]["OPTIONS"]
    assert storages["private"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["bucket_name"] == BUCKET
    assert private["location"] == "registrant-exports"
    assert media["location"] == "media"
    assert private["default_acl"] == "private"
    assert private["querystring_auth"] is True


def test_an_export_is_built_into_the_bucket_downloaded_and_deleted(
    bucket, coordinator_client, event, django_capture_on_commit_callbacks
):
    RegistrationFactory(event=event, full_name="Ana Bucket")
    RegistrationFactory(event=event, full_name="Bo Bucket")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.get(f"/en/events/{event.slug}/registrants.xlsx")
    export = Export.objects.get()
    [stored] = bucket.list_objects_v2(Bucket=BUCKET)["Contents"]
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=stored["Key"])["Grants"]
    response = coordinator_client.get(f"/en/exports/{export.pk}/download/")
    content = b"".join(response.streaming_content)
    response.close()
    Export.objects.update(expires_at=export.created_at)
    call_command("delete_expired_exports", stdout=io.StringIO())

    assert stored["Key"] == f"private/exports/{export.pk}.xlsx"
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].values)
    assert [row[2] for row in rows[1:]] == ["Ana Bucket", "Bo Bucket"]
    assert "Contents" not in bucket.list_objects_v2(Bucket=BUCKET)
    assert not Export.objects.exists()
