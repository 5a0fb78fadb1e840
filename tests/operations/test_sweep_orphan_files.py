"""sweep_orphan_files clears every storage a model's file field uses of the files no row names: lead photos and
document files an editor replaced or deleted as well as submitted files a crash left behind."""

import io
import os
import time

import pytest
import reversion
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version as Revision

from common.models import PublicationStatus
from documents.models import Version
from records.models import Delegation, Statement, StatementFile
from tests.factories import EventFactory, SessionFactory, SubmissionFileFactory, VersionFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\nnot really a picture"
PDF = b"%PDF-1.4\n%%EOF\n"


def age(*paths):
    """Make the files two hours old: past the sweep's default grace period of an hour."""
    two_hours_ago = time.time() - 7200
    for path in paths:
        os.utime(path, (two_hours_ago, two_hours_ago), follow_symlinks=False)


def sweep(*options):
    output = io.StringIO()
    call_command("sweep_orphan_files", *options, stdout=output, stderr=output)
    return output.getvalue()


def test_sweep_deletes_a_replaced_lead_photo_and_a_deleted_versions_file(media_root, private_root):
    event = EventFactory()
    event.image.save("first.png", ContentFile(PNG))
    replaced = media_root / event.image.name
    event.image.save("second.png", ContentFile(PNG))
    version = VersionFactory(url="", file=ContentFile(PDF, name="report.pdf"))
    deleted = media_root / version.file.name
    Version.objects.filter(pk=version.pk).delete()
    age(replaced, deleted, media_root / event.image.name)

    output = sweep()

    assert not replaced.exists()
    assert not deleted.exists()
    assert (media_root / event.image.name).exists()
    assert sorted(output.splitlines()) == sorted(
        [
            f"default: deleted {replaced.relative_to(media_root)}",
            f"default: deleted {deleted.relative_to(media_root)}",
            f'2 orphan file(s) deleted from the "default" storage (FileSystemStorage at {media_root}).',
            f'0 orphan file(s) deleted from the "submissions" storage (FileSystemStorage at {private_root}).',
        ]
    )


def test_sweep_deletes_old_submitted_files_no_submission_names(media_root, private_root):
    kept = SubmissionFileFactory()
    orphan = private_root / "2013" / "10" / "orphan"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left behind")
    age(orphan, private_root / kept.file.name)

    output = sweep()

    assert not orphan.exists()
    assert (private_root / kept.file.name).exists()
    assert "submissions: deleted 2013/10/orphan" in output
    assert f'1 orphan file(s) deleted from the "submissions" storage (FileSystemStorage at {private_root}).' in output


def test_sweep_keeps_every_file_a_row_names_drafts_included(media_root, private_root):
    draft = EventFactory(status=PublicationStatus.DRAFT)
    draft.image.save("draft.png", ContentFile(PNG))
    session = SessionFactory(event=draft, status=PublicationStatus.DRAFT)
    session.image.save("session.png", ContentFile(PNG))
    version = VersionFactory(url="", file=ContentFile(PDF, name="report.pdf"), document__status=PublicationStatus.DRAFT)
    submitted = SubmissionFileFactory()
    named = [media_root / draft.image.name, media_root / session.image.name, media_root / version.file.name]
    age(*named, private_root / submitted.file.name)

    output = sweep()

    assert all(path.exists() for path in named)
    assert (private_root / submitted.file.name).exists()
    assert '0 orphan file(s) deleted from the "default" storage' in output
    assert '0 orphan file(s) deleted from the "submissions" storage' in output


def test_sweep_keeps_the_files_kept_revisions_name_until_the_revisions_go(
    media_root, private_root, django_capture_on_commit_callbacks
):
    """A replaced lead photo and a deleted statement's file stay while the History can restore them."""
    event = EventFactory()
    event.image.save("first.png", ContentFile(PNG))
    statement = Statement.objects.create(
        session=SessionFactory(event=event), delegation=Delegation.objects.create(kind="state", country="FR", slug="fr")
    )
    statement_file = StatementFile.objects.create(
        statement=statement, language="fr", file=ContentFile(PDF, name="statement.pdf")
    )
    with reversion.create_revision():
        reversion.add_to_revision(event)
        reversion.add_to_revision(statement)
    photo, spoken = media_root / event.image.name, media_root / statement_file.file.name
    event.image.save("second.png", ContentFile(PNG))
    with django_capture_on_commit_callbacks(execute=True):
        statement.delete()
    age(photo, spoken, media_root / event.image.name)

    kept = sweep()
    Revision.objects.all().delete()
    swept = sweep()

    assert '0 orphan file(s) deleted from the "default" storage' in kept
    assert sorted(line for line in swept.splitlines() if line.startswith("default:")) == sorted(
        [f"default: deleted {photo.relative_to(media_root)}", f"default: deleted {spoken.relative_to(media_root)}"]
    )
    assert not photo.exists()
    assert (media_root / event.image.name).exists()


def test_sweep_keeps_files_younger_than_the_grace_period(media_root):
    # A photo being uploaded is on disk before the row that names it is committed.
    in_flight = media_root / "lead-images" / "uploading.png"
    in_flight.parent.mkdir(parents=True)
    in_flight.write_bytes(PNG)

    output = sweep()

    assert in_flight.exists()
    assert '0 orphan file(s) deleted from the "default" storage' in output


def test_sweep_honours_a_shorter_grace_period(media_root):
    orphan = media_root / "lead-images" / "old.png"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(PNG)
    age(orphan)

    sweep("--older-than", "10000")

    assert orphan.exists()


def test_dry_run_lists_orphans_and_deletes_nothing(media_root, private_root):
    photo, submitted = media_root / "lead-images" / "old.png", private_root / "2013" / "10" / "orphan"
    for path in (photo, submitted):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"left behind")
    age(photo, submitted)

    output = sweep("--dry-run")

    assert photo.exists()
    assert submitted.exists()
    assert sorted(output.splitlines()) == sorted(
        [
            "default: would delete lead-images/old.png",
            "submissions: would delete 2013/10/orphan",
            f'1 orphan file(s) found in the "default" storage (FileSystemStorage at {media_root}).',
            f'1 orphan file(s) found in the "submissions" storage (FileSystemStorage at {private_root}).',
        ]
    )


def test_sweep_leaves_links_static_files_and_other_storages_inside_media_alone(
    media_root, private_root, settings, tmp_path
):
    # A careless layout: collected static files and the private folder under MEDIA_ROOT, a link to elsewhere.
    settings.STATIC_ROOT = media_root / "static"
    static, outside = media_root / "static" / "site.css", tmp_path / "outside" / "secret.txt"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "submissions": {**settings.STORAGES["submissions"], "OPTIONS": {"location": media_root / "private"}},
    }
    submitted = SubmissionFileFactory()
    for path in (static, outside):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"not an orphan")
    (media_root / "link").symlink_to(outside.parent)
    (media_root / "file-link").symlink_to(outside)
    age(static, outside, media_root / "private" / submitted.file.name, media_root / "link", media_root / "file-link")

    output = sweep()

    assert static.exists()
    assert outside.exists()
    assert (media_root / "link").is_symlink()
    assert (media_root / "file-link").is_symlink()
    assert (media_root / "private" / submitted.file.name).exists()
    assert "default: skipped file-link: not a regular file (links and special files are left alone)." in output
    assert "default: skipped link: not a regular file (links and special files are left alone)." in output
    assert '0 orphan file(s) deleted from the "default" storage' in output


def test_sweep_refuses_a_file_field_whose_storage_is_not_configured(media_root, monkeypatch, tmp_path):
    field = Version._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "elsewhere"))

    with pytest.raises(CommandError) as error:
        sweep()

    assert str(error.value) == (
        "documents.Version.file keeps its files in a storage that is not in STORAGES: add it there, "
        "or the sweep cannot tell its files from orphans. Nothing was deleted."
    )
