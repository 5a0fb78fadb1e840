"""A submission's own admin page: the moderator publishes, declines or reviews it there, and picks its files."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import mail

from portal.roles import PERMISSIONS
from submissions.models import Decision, Status
from tests.security.hostile import FLAGGED_FILES, FLAGS
from tests.submission_fixtures import receive

pytestmark = pytest.mark.django_db


def page_url(submission):
    return f"/admin/submissions/submission/{submission.pk}/change/"


def moderate(client, submission, status, **extra):
    return client.post(
        f"/admin/submissions/submission/{submission.pk}/moderate/", {"status": status, **extra}, follow=True
    )


def test_a_received_submission_shows_the_moderator_its_buttons(moderator_client, call):
    submission, _token = receive(call)

    html = unescape(moderator_client.get(page_url(submission)).content.decode())

    assert '<button type="submit" name="status" value="published" class="button default">Publish</button>' in html
    assert 'value="under_review"' in html
    assert 'value="declined"' in html
    assert "Reason sent to the submitter" in html
    assert "The submitter agreed to publication." in html


def test_publish_from_the_page_logs_the_move_and_tells_the_submitter(
    moderator_client, call, django_capture_on_commit_callbacks
):
    submission, _token = receive(call)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderate(moderator_client, submission, "published")

    submission.refresh_from_db()
    assert submission.status == Status.PUBLISHED
    assert submission.decisions.last().actor.username == "mod"
    assert "1 submission is now “Published”." in unescape(response.content.decode())
    assert [message.subject for message in mail.outbox] == ["Your submission HLD2013-0001 is published"]


def test_publish_from_the_page_follows_the_consent_rule(moderator_client, call):
    submission, _token = receive(call, consent_to_publish=False)

    response = moderate(moderator_client, submission, "published")

    submission.refresh_from_db()
    assert submission.status == Status.RECEIVED
    assert "HLD2013-0001 cannot be published: the submitter did not consent to publication." in unescape(
        response.content.decode()
    )


def test_publish_is_not_offered_where_it_would_be_refused(moderator_client, call):
    kept_private, _token = receive(call, consent_to_publish=False)
    annexes_only, _token = receive(call, title="Annexes only")
    annexes_only.files.update(publishable=False)

    for submission in (kept_private, annexes_only):
        html = moderator_client.get(page_url(submission)).content.decode()
        assert 'value="published"' not in html
        assert 'value="declined"' in html


def test_the_page_gives_times_in_the_calls_zone_and_no_public_link_to_an_unpublished_file(
    moderator_client, call, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 5, 21, 25, tzinfo=datetime.UTC))
    call.time_zone = "America/New_York"
    call.save()
    submission, _token = receive(call)

    html = unescape(moderator_client.get(page_url(submission)).content.decode())

    # As the queue and the receipt give it, not in UTC without a word.
    for field in ("received", "updated"):
        assert re.search(
            rf'field-{field}">.*?<div class="readonly">5 December 2026, 4:25 p.m. \(UTC-5\)</div>', html, re.S
        )
    assert "View on site" not in html  # its file's public address answers only once it is published


def test_decline_from_the_page_needs_a_reason_and_sends_it(moderator_client, call, django_capture_on_commit_callbacks):
    submission, _token = receive(call)

    response = moderate(moderator_client, submission, "declined")
    submission.refresh_from_db()
    assert submission.status == Status.RECEIVED
    assert "Give the reason sent to the submitter." in unescape(response.content.decode())

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate(moderator_client, submission, "declined", reason="Outside the scope of the Dialogue.")
    submission.refresh_from_db()
    assert submission.status == Status.DECLINED
    assert submission.decisions.last().note == "Outside the scope of the Dialogue."
    assert "Outside the scope of the Dialogue." in mail.outbox[-1].body


def test_a_published_submission_offers_only_the_moves_it_allows(moderator_client, call):
    submission, _token = receive(call)
    moderate(moderator_client, submission, "published")

    html = moderator_client.get(page_url(submission)).content.decode()

    assert 'name="status" value="published"' not in html
    assert 'name="status" value="under_review"' in html


def test_an_editor_without_moderation_rights_cannot_move_a_submission(editor_client, call):
    submission, _token = receive(call)

    response = editor_client.post(f"/admin/submissions/submission/{submission.pk}/moderate/", {"status": "published"})

    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == Status.RECEIVED


@pytest.mark.parametrize("action", ["moderate", "published-files"])
def test_a_move_is_only_a_forms_post(moderator_client, call, action):
    submission, _token = receive(call)

    response = moderator_client.get(f"/admin/submissions/submission/{submission.pk}/{action}/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_the_moderator_changes_which_files_are_published_and_it_is_logged(moderator_client, call, client):
    submission, _token = receive(call)
    record = submission.files.get()

    moderator_client.post(f"/admin/submissions/submission/{submission.pk}/published-files/", {})
    record.refresh_from_db()

    assert record.publishable is False
    log = Decision.objects.filter(submission=submission).last()
    assert log.note == "Files to publish changed: -a.pdf"
    assert log.actor.username == "mod"
    moderate(moderator_client, submission, "published")
    assert client.get(record.get_absolute_url()).status_code == 404


# What a moderator reads for each finding of the hostile kit's flagged files.
FLAG_LABELS = {
    "pdf_javascript": "PDF JavaScript",
    "pdf_open_action": "PDF action run on opening",
    "pdf_additional_actions": "PDF actions run on events (AA)",
    "pdf_launch": "PDF launch action (starts a program)",
    "pdf_embedded_file": "files embedded in the PDF",
    "pdf_xfa": "XFA form",
    "trailing_data": "another format appended after the end of the PDF: a zip archive",
    "external_resource": "remote resource fetched when opened: ",
    "external_code": "remote template or object fetched when opened (it can run code): ",
    "activex": "ActiveX controls",
    "embedded_object": "embedded objects (they may hold any file or program)",
}


@pytest.mark.parametrize("item", FLAGGED_FILES, ids=str)
def test_active_content_is_flagged_in_the_queue_and_on_the_page(moderator_client, call, item):
    call.max_file_size = call.max_total_size = 100_000
    call.save()
    submission, _token = receive(call, name=item.name, content=item.content)

    queue = moderator_client.get("/admin/submissions/submission/").content.decode()
    html = unescape(moderator_client.get(page_url(submission)).content.decode())

    assert '<td class="field-checks"><span class="flag">active content</span></td>' in queue
    for code in FLAGS[item.key]:
        assert FLAG_LABELS[code] in html, code


def test_a_plain_document_is_not_flagged(moderator_client, call):
    receive(call)

    queue = moderator_client.get("/admin/submissions/submission/").content.decode()

    assert '<td class="field-checks">–</td>' in queue


def test_submitter_text_is_isolated_in_the_queue_and_on_the_page(moderator_client, call):
    submission, _token = receive(call, organisation="\u202eevil ONG", title="T")

    queue = moderator_client.get("/admin/submissions/submission/").content.decode()
    html = moderator_client.get(page_url(submission)).content.decode()

    assert '<bdi dir="auto">\u202eevil ONG</bdi>' in queue
    assert '<bdi dir="auto">\u202eevil ONG</bdi>' in html


def test_each_role_holds_exactly_its_listed_permissions():
    for role, grants in PERMISSIONS.items():
        expected = {
            f"{app}.{action}_{model}" for app, models in grants.items() for model, actions in models.items()
            for action in actions
        }  # fmt: skip
        held = {
            f"{permission.content_type.app_label}.{permission.codename}"
            for permission in Group.objects.get(name=role).permissions.select_related("content_type")
        }
        assert held == expected, role
    assert "submissions.delete_submission" not in {
        f"submissions.{action}_submission" for action in PERMISSIONS["Moderators"]["submissions"]["submission"]
    }


def test_no_moderator_deletes_a_submission_even_when_granted_the_permission(moderator, client, call):
    submission, _token = receive(call)
    moderator.user_permissions.add(Permission.objects.get(codename="delete_submission"))
    client.force_login(moderator)

    assert client.get(f"/admin/submissions/submission/{submission.pk}/delete/").status_code == 403
    changelist = client.get("/admin/submissions/submission/").content.decode()
    assert 'value="delete_selected"' not in changelist

    admin = User.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    assert client.get(f"/admin/submissions/submission/{submission.pk}/delete/").status_code == 200
