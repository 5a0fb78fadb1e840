"""Backups read and restore every file through Django's storage API: object storage (S3, emulated by moto) as
well as local folders. A storage that cannot be read, or a file the database names and no storage holds, fails
the backup: it never reports success for what it did not save."""

import hashlib
import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from submissions.models import SubmissionFile
from tests.factories import CallFactory, DocumentFactory, VersionFactory
from tests.reliability.test_object_storage import s3_settings  # noqa: F401 (a fixture)
from tests.submission_fixtures import PDF, receive

pytestmark = pytest.mark.django_db(transaction=True)

BUCKET = "hldportal-test"
REPORT = b"%PDF-1.4\nThe report of the Secretary-General.\n%%EOF\n"


def bucket_files(s3, bucket):
    """{key: SHA-256} of every object in ``bucket``."""
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: hashlib.sha256(s3.get_object(Bucket=bucket, Key=key)["Body"].read()).hexdigest() for key in keys}


def use_bucket(settings, bucket):
    settings.STORAGES = {
        alias: {**config, "OPTIONS": {**config["OPTIONS"], "bucket_name": bucket}}
        if config["BACKEND"] == "storages.backends.s3.S3Storage"
        else config
        for alias, config in settings.STORAGES.items()
    }


def stored_content():
    """A document file in the "default" storage and a submitted file in the "submissions" one."""
    VersionFactory(document=DocumentFactory(), url="", file=ContentFile(REPORT, name="report.pdf"))
    receive(CallFactory())


def test_a_backup_of_object_storage_restores_every_file_into_another_bucket(s3_settings, settings, tmp_path):  # noqa: F811
    stored_content()
    original = bucket_files(s3_settings, BUCKET)
    archive = tmp_path / "backup.tar.gz"

    output = io.StringIO()
    call_command("backup", output=str(archive), stdout=output)
    s3_settings.create_bucket(Bucket="hldportal-restored")
    use_bucket(settings, "hldportal-restored")
    call_command("restore", str(archive), force=True, stdout=io.StringIO(), stderr=io.StringIO())

    assert sorted(key.split("/")[0] for key in original) == ["media", "private"]
    assert "and 2 files" in output.getvalue()
    assert bucket_files(s3_settings, "hldportal-restored") == original
    record = SubmissionFile.objects.get()
    assert record.file.storage.bucket_name == "hldportal-restored"
    with record.file.open("rb") as restored:
        assert restored.read() == PDF


def test_a_bucket_that_cannot_be_read_fails_the_backup_and_writes_nothing(s3_settings, settings, tmp_path):  # noqa: F811
    use_bucket(settings, "no-such-bucket")
    archive = tmp_path / "backups" / "backup.tar.gz"

    with pytest.raises(CommandError, match=r'Could not read the "default" storage \(S3Storage at no-such-bucket/media'):
        call_command("backup", output=str(archive), stdout=io.StringIO())

    assert list(archive.parent.iterdir()) == []


def test_a_file_the_database_names_and_no_storage_holds_fails_the_backup(tmp_path, private_root):
    stored_content()
    lost = SubmissionFile.objects.get().file.name
    (private_root / lost).unlink()

    with pytest.raises(CommandError, match=f"incomplete: 1 files named in the database are in no storage:\n  {lost}"):
        call_command("backup", output=str(tmp_path / "backup.tar.gz"), stdout=io.StringIO())


def test_local_folders_are_read_through_the_storage_api_too(tmp_path, media_root, private_root):
    stored_content()
    (media_root / "elsewhere").symlink_to("/etc", target_is_directory=True)
    archive = tmp_path / "backup.tar.gz"
    errors = io.StringIO()

    call_command("backup", output=str(archive), stdout=io.StringIO(), stderr=errors)

    assert "Skipped media/elsewhere: not a regular file" in errors.getvalue()
    with tarfile.open(archive) as tar:
        names = sorted(name for name in tar.getnames() if "/" in name)
    assert [name.split("/")[0] for name in names] == ["media", "private"]
