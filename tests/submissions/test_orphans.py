import io
import os
import time

import pytest
from django.core.management import call_command

from tests.factories import SubmissionFileFactory

pytestmark = pytest.mark.django_db


def test_sweep_deletes_old_files_no_submission_names_and_keeps_the_rest(private_root):
    kept = SubmissionFileFactory()
    old_orphan = private_root / "2013" / "10" / "orphan"
    young_orphan = private_root / "2013" / "10" / "young"
    old_orphan.parent.mkdir(parents=True, exist_ok=True)
    old_orphan.write_bytes(b"left behind")
    young_orphan.write_bytes(b"being saved")
    two_hours_ago = time.time() - 7200
    os.utime(old_orphan, (two_hours_ago, two_hours_ago))
    os.utime(private_root / kept.file.name, (two_hours_ago, two_hours_ago))
    output = io.StringIO()

    call_command("sweep_orphan_files", stdout=output)

    assert not old_orphan.exists()
    assert young_orphan.exists()
    assert (private_root / kept.file.name).exists()
    assert "deleted 2013/10/orphan" in output.getvalue()
    assert "1 orphan file(s) deleted." in output.getvalue()
