"""With S3_* set, files live in S3-compatible object storage shared by every app server; the portal still serves
them only through its own views. moto emulates the S3 API in the test process."""

import importlib

import boto3
import pytest
from moto import mock_aws

from submissions import services
from tests.factories import CallFactory
from tests.submission_fixtures import PDF, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3_settings(settings, monkeypatch):
    monkeypatch.setenv("S3_BUCKET", "hldportal-test")
    monkeypatch.setenv("S3_REGION", "us-east-1")
    monkeypatch.setenv("S3_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", "test")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="hldportal-test")
        import hldportal.settings as project_settings

        reloaded = importlib.reload(project_settings)
        settings.STORAGES = reloaded.STORAGES
        yield boto3.client("s3", region_name="us-east-1")
    importlib.reload(project_settings)


def test_settings_choose_object_storage_when_a_bucket_is_named(s3_settings, settings):
    assert settings.STORAGES["submissions"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert settings.STORAGES["submissions"]["OPTIONS"]["location"] == "private"
    assert settings.STORAGES["submissions"]["OPTIONS"]["default_acl"] == "private"
    assert settings.STORAGES["default"]["OPTIONS"]["location"] == "media"


def test_a_submission_file_goes_to_the_bucket_and_is_served_by_the_portal(s3_settings, client):
    call = CallFactory()
    submission, _token = receive(call)
    services.change_status(submission=submission, to_status="published")
    record = submission.files.get()

    keys = [item["Key"] for item in s3_settings.list_objects_v2(Bucket="hldportal-test")["Contents"]]
    response = client.get(f"/en/submissions/files/{record.pk}/a.pdf")

    assert keys == [f"private/{record.file.name}"]
    assert b"".join(response.streaming_content) == PDF
