"""Documents kept in an S3-compatible bucket, as when app servers keep nothing on disk.

An S3-compatible server (moto's) listens on a local port; django-storages talks to it over
HTTP with boto3, exactly as it would to AWS or MinIO. The storage settings are the ones
`AWS_STORAGE_BUCKET_NAME` and friends produce in taskforce/settings.py, read in a fresh
interpreter.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document
from tests.documents.test_admin import PDF, add_document
from tests.support.s3 import storage_settings_from

pytestmark = pytest.mark.django_db

BUCKET = "zev-portal-media"


@pytest.fixture
def bucket_storage(use_bucket):
    return use_bucket(BUCKET)


def test_without_a_bucket_media_stays_on_disk():
    storage = storage_settings_from({"DJANGO_SECRET_KEY": "x" * 50})

    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_the_bucket_settings_come_from_the_environment():
    storage = storage_settings_from(
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
