"""Exports built in the background, kept in an S3-compatible bucket under their own private
prefix, as when app servers keep nothing on disk (moto's server on a local port, as in
tests/documents/test_s3_storage.py)."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from registrations.models import Export
from tests.factories import RegistrationFactory
from tests.support.s3 import storage_settings_from

pytestmark = pytest.mark.django_db

BUCKET = "zev-portal-exports"


@pytest.fixture
def bucket(use_bucket, settings):
    settings.EXPORT_BACKGROUND_ROWS = 1
    return use_bucket(BUCKET, "private")


def test_without_a_bucket_exports_stay_in_the_private_folder():
    private = storage_settings_from({"PRIVATE_MEDIA_ROOT": "/srv/portal-private"}, "private")

    assert private["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert private["OPTIONS"]["location"] == "/srv/portal-private"


def test_with_a_bucket_exports_go_under_their_own_private_prefix():
    environment = {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_PRIVATE_LOCATION": "exports-kept"}
    storage = storage_settings_from(environment, "private")

    private = storage["OPTIONS"]
    media = storage_settings_from(environment)["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["bucket_name"] == BUCKET
    assert private["location"] == "exports-kept"
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
    Export.objects.update(expires_at=export.created_at)
    call_command("delete_expired_exports", stdout=io.StringIO())

    assert stored["Key"] == f"private/exports/{export.pk}.xlsx"
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].values)
    assert [row[2] for row in rows[1:]] == ["Ana Bucket", "Bo Bucket"]
    assert "Contents" not in bucket.list_objects_v2(Bucket=BUCKET)
    assert not Export.objects.exists()
