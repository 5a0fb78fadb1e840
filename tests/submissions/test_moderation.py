"""Moderators review, publish, decline and export; the public sees only what they publish."""

import csv
import datetime
import importlib
import io
import re
import threading
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from submissions import services
from submissions.models import Decision, Status, Submission
from tests.factories import CallFactory, EventFactory, SubmissionFactory, SubmissionFileFactory
from tests.submission_fixtures import PDF, receive

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/submissions/submission/"


def act(client, action, submissions, **extra):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [s.pk for s in submissions], **extra}, follow=True
    )


def test_whole_path_from_upload_to_public_listing(
    client, moderator_client, call, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/calls/{call.slug}/submit/",
            {**form_data, "files": [SimpleUploadedFile("our-view.pdf", PDF)]},
        )
    assert [message.to for message in mail.outbox] == [["ana@example.org"], ["mod@example.org"]]
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert "Migrants' Rights Network" not in client.get(f"/en/calls/{call.slug}/").content.decode()

    queue = moderator_client.get(CHANGELIST, {"status__exact": "received"}).content.decode()
    assert submission.reference in queue
    with django_capture_on_commit_callbacks(execute=True):
        act(moderator_client, "publish", [submission])

    submission.refresh_from_db()
    assert submission.status == Status.PUBLISHED
    assert [d.to_status for d in submission.decisions.all()] == ["received", "published"]
    assert submission.decisions.last().actor.username == "mod"
    assert mail.outbox[-1].subject == "Your submission HLD2013-0001 is published"
    html = client.get(f"/en/calls/{call.slug}/").content.decode()
    assert "Civil society" in html
    assert "Migrants&#x27; Rights Network" in html
    file = submission.files.get()
    assert f'href="/en/submissions/files/{file.pk}/our-view.pdf"' in html
    assert "ana@example.org" not in html
    assert "Ana Pérez" not in html
    download = client.get(f"/en/submissions/files/{file.pk}/our-view.pdf")
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Cross-Origin-Resource-Policy"] == "same-origin"


def test_the_event_page_lists_published_submissions_by_category(client):
    event = EventFactory(slug="hld")
    call = CallFactory(event=event)
    for country, name in (("DE", "Germany"), ("DK", "Denmark")):
        SubmissionFactory(call=call, category="member_state", country=country, organisation=name, status="published")
    SubmissionFactory(call=call, category="igo", organisation="IOM", status="published")
    SubmissionFactory(call=call, category="cso", organisation="Hidden NGO", status="received")

    english = client.get("/en/events/hld/").content.decode()
    french = client.get("/fr/events/hld/").content.decode()

    assert english.index("Member States") < english.index("Denmark") < english.index("Germany")
    assert english.index("Germany") < english.index("Intergovernmental organizations") < english.index("IOM")
    assert french.index("Allemagne") < french.index("Danemark")
    assert "Hidden NGO" not in english


@pytest.mark.parametrize(("published", "listed"), [(3, 3), (4, 0), (40, 0)])
def test_the_event_page_lists_a_calls_submissions_up_to_a_bound(client, monkeypatch, published, listed):
    # A big consultation receives thousands: past the bound, the call's own pages list them, in pages.
    monkeypatch.setattr("submissions.models.EVENT_PAGE_SUBMISSIONS", 3)
    call = CallFactory(event=EventFactory(slug="hld"), slug="consultation")
    for number in range(published):
        SubmissionFactory(call=call, category="cso", organisation=f"Network {number:02}", status="published")

    html = client.get("/en/events/hld/").content.decode()

    assert len(re.findall(r"<bdi>Network \d\d</bdi>", html)) == listed
    link = '<a href="/en/calls/consultation/">More than 3 written submissions have been published'
    assert (link in html) == (listed == 0)


def test_each_call_of_an_event_page_counts_its_own_published_submissions_against_the_bound(client, monkeypatch):
    monkeypatch.setattr("submissions.models.EVENT_PAGE_SUBMISSIONS", 3)
    event = EventFactory(slug="hld")
    crowded, quiet = CallFactory(event=event, slug="crowded"), CallFactory(event=event, slug="quiet")
    for number in range(5):  # received before the quiet call's published ones: they take no place
        SubmissionFactory(call=quiet, organisation=f"Pending {number:02}", status="received")
    for number in range(2):
        SubmissionFactory(call=quiet, category="cso", organisation=f"Quiet {number:02}", status="published")
    for number in range(4):
        SubmissionFactory(call=crowded, category="cso", organisation=f"Crowded {number:02}", status="published")

    html = client.get("/en/events/hld/").content.decode()

    # Organisations only: the event's title (a factory's "Meeting NN") is in a <bdi> of its own.
    assert re.findall(r"<bdi>(Quiet|Crowded|Pending) \d\d</bdi>", html) == ["Quiet", "Quiet"]
    assert '<a href="/en/calls/crowded/">More than 3 written submissions have been published' in html
    assert '<a href="/en/calls/quiet/">More than' not in html


@pytest.mark.parametrize("status", ["received", "under_review", "declined", "withdrawn"])
def test_files_of_unpublished_submissions_are_not_found(client, status):
    file = SubmissionFileFactory(submission__status=status)

    assert client.get(f"/en/submissions/files/{file.pk}/{file.original_name}").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_a_published_file_answers_nothing_but_get_and_head(client, method):
    file = SubmissionFileFactory(submission__status="published", publishable=True, original_name="ours.pdf")
    url = f"/en/submissions/files/{file.pk}/ours.pdf"

    head = client.head(url)
    head.close()  # its file
    assert head.status_code == 200
    assert getattr(client, method)(url).status_code == 405


def test_an_annex_not_for_publication_stays_private_after_publication(client):
    file = SubmissionFileFactory(submission__status="published", publishable=False, original_name="annex.pdf")

    assert client.get(f"/en/submissions/files/{file.pk}/annex.pdf").status_code == 404
    assert client.get(f"/en/submissions/files/{file.pk}/other-name.pdf").status_code == 404


def test_moderator_downloads_a_file_as_an_attachment(moderator_client, client):
    file = SubmissionFileFactory(original_name="report.pdf")
    url = f"/admin/submissions/submission/{file.submission_id}/files/{file.pk}/"

    response = moderator_client.get(url)

    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)  # read to the end, as a browser would
    client.logout()
    assert client.get(url).status_code == 302  # to the admin login


def test_declining_published_submissions_says_it_takes_them_off_the_site(moderator_client):
    published = SubmissionFactory(status="published", reference="HLD2013-0001")
    received = SubmissionFactory(reference="HLD2013-0002")

    html = act(moderator_client, "decline", [published, received]).content.decode()

    assert "One of them is published: declining it takes it off the site." in html
    assert re.search(r"HLD2013-0001 – [^<]*\(Published\)", html)
    assert not re.search(r"HLD2013-0002 – [^<]*\(Published\)", html)


def test_decline_asks_for_a_reason_and_tells_the_submitter_in_their_language(
    moderator_client, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(submitter_language="fr", reference="HLD2013-0007")

    form_page = act(moderator_client, "decline", [submission])
    assert "Reason sent to the submitter" in form_page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        act(moderator_client, "decline", [submission], apply="1", reason="Hors du sujet de la résolution.")

    submission.refresh_from_db()
    assert submission.status == Status.DECLINED
    assert submission.decisions.last().note == "Hors du sujet de la résolution."
    message = mail.outbox[-1]
    assert message.to == ["ana@example.org"]
    assert "HLD2013-0007" in message.subject
    assert "Hors du sujet de la résolution." in message.body
    assert message.body.startswith("Madame, Monsieur,")


def test_publishing_without_consent_is_refused_with_a_message(moderator_client):
    submission = SubmissionFactory(consent_to_publish=False, reference="HLD2013-0009")

    response = act(moderator_client, "publish", [submission])

    submission.refresh_from_db()
    assert submission.status == Status.RECEIVED
    assert (
        "HLD2013-0009 cannot be published: the submitter did not consent to publication." in response.content.decode()
    )


def test_export_csv_has_one_row_per_submission_and_neutralises_formulas(moderator_client):
    SubmissionFactory(reference="HLD2013-0001", organisation="=HYPERLINK(evil)")
    second = SubmissionFactory(reference="HLD2013-0002", organisation="IOM")
    SubmissionFileFactory(submission=second, original_name="a.pdf")

    response = moderator_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": list(Submission.objects.values_list("pk", flat=True))}
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [row["reference"] for row in sorted(rows, key=lambda r: r["reference"])] == ["HLD2013-0001", "HLD2013-0002"]
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference["HLD2013-0001"]["organisation"] == "'=HYPERLINK(evil)"
    assert by_reference["HLD2013-0002"]["files"] == "a.pdf"


def test_zip_of_the_selection_is_named_by_reference(moderator_client):
    submission = SubmissionFactory(reference="HLD2013-0042")
    SubmissionFileFactory(submission=submission, original_name="text.pdf")
    SubmissionFileFactory(submission=submission, original_name="text.pdf")

    response = act(moderator_client, "download_zip", [submission])

    assert response["Content-Disposition"] == 'attachment; filename="HLD2013-0042.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["HLD2013-0042/text (2).pdf", "HLD2013-0042/text.pdf"]


def test_zip_of_the_selection_unzips_on_windows(moderator_client):
    submission = SubmissionFactory(reference="HLD2013-0042")
    for name in ("CON.pdf", "com1.report.pdf", "a?b*c.pdf", 'Say "no" <now>: yes|no.pdf', "Text.pdf", "text.pdf"):
        SubmissionFileFactory(submission=submission, original_name=name)

    response = act(moderator_client, "download_zip", [submission])

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [
        "HLD2013-0042/CON_.pdf",
        "HLD2013-0042/Say _no_ _now__ yes_no.pdf",
        "HLD2013-0042/Text.pdf",
        "HLD2013-0042/a_b_c.pdf",
        "HLD2013-0042/com1_.report.pdf",
        "HLD2013-0042/text (2).pdf",
    ]


def test_a_file_already_received_is_flagged_as_a_possible_duplicate(moderator_client):
    first = SubmissionFileFactory(sha256="a" * 64)
    second = SubmissionFileFactory(sha256="a" * 64)

    html = moderator_client.get(f"/admin/submissions/submission/{second.submission_id}/change/").content.decode()

    assert 'alt="True"' in html.split("field-duplicate")[1][:200]
    assert first.submission.reference != second.submission.reference


def test_erasing_personal_data_keeps_the_submission_and_logs_it(moderator_client):
    submission = SubmissionFactory(phone="+41 22 000 00 00")

    act(moderator_client, "erase_personal_data", [submission], apply="1")

    submission.refresh_from_db()
    assert (submission.contact_name, submission.email, submission.phone) == ("", "", "")
    assert submission.personal_data_erased_at is not None
    assert submission.decisions.last().note == "Personal data erased on request."
    assert submission.decisions.last().actor.username == "mod"


def test_a_deleted_submission_takes_its_files_with_it(call, django_capture_on_commit_callbacks):
    kept, _token = receive(call)
    deleted, _token = receive(call, name="b.pdf", content=PDF + b"\n% other")
    kept_file, deleted_file = kept.files.get().file, deleted.files.get().file
    assert deleted_file.storage.exists(deleted_file.name)

    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()

    assert not deleted_file.storage.exists(deleted_file.name)
    assert kept_file.storage.exists(kept_file.name)


def test_a_submission_is_dated_by_its_decision_to_publish_whatever_is_saved_later(moderator_client, moderator):
    submission = SubmissionFileFactory().submission
    services.change_status(submission=submission, to_status=Status.PUBLISHED, actor=moderator)
    published = submission.decisions.get(to_status=Status.PUBLISHED).at

    act(moderator_client, "erase_personal_data", [submission], apply="1")
    submission.refresh_from_db()
    kept = submission.published_at
    services.change_status(submission=submission, to_status=Status.UNDER_REVIEW, actor=moderator)
    submission.refresh_from_db()

    assert kept == published
    assert submission.published_at is None


def test_submissions_published_before_the_moment_was_recorded_are_dated_from_their_last_decision_to_publish():
    """What the migration adding the moment fills in: the feeds dated them so until then."""
    again, undecided, received = SubmissionFactory(), SubmissionFactory(status=Status.PUBLISHED), SubmissionFactory()
    moments = [datetime.datetime(2026, month, 1, 9, tzinfo=datetime.UTC) for month in (1, 2, 3, 4)]
    for at, from_status, to_status in [
        (moments[0], Status.RECEIVED, Status.PUBLISHED),
        (moments[1], Status.PUBLISHED, Status.UNDER_REVIEW),
        (moments[2], Status.UNDER_REVIEW, Status.PUBLISHED),
        # Files scanned again, contact details erased: logged with the status unchanged.
        (moments[3], Status.PUBLISHED, Status.PUBLISHED),
    ]:
        Decision.objects.create(submission=again, at=at, from_status=from_status, to_status=to_status)
    Submission.objects.filter(pk=again.pk).update(status=Status.PUBLISHED)
    Submission.objects.update(published_at=None)
    migration = importlib.import_module("submissions.migrations.0011_submission_published_at")

    with connection.cursor() as cursor:
        cursor.execute(migration.FROM_DECISIONS)

    dates = dict(Submission.objects.values_list("pk", "published_at"))
    assert dates == {again.pk: moments[2], undecided.pk: undecided.created_at, received.pk: None}


def test_submitter_withdraws_through_the_private_link_until_a_decision(client, call):
    submission, token = receive(call)
    url = f"/en/submissions/status/{token}/"

    assert "Withdraw the submission" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "on"}, follow=True)

    submission.refresh_from_db()
    assert submission.status == Status.WITHDRAWN
    assert "Your submission was withdrawn." in response.content.decode()
    assert Decision.objects.filter(submission=submission, to_status="withdrawn", actor=None).exists()
    assert "Withdraw the submission" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        ("received", "You chose to have your submission published. Once the reviewers accept it"),
        ("published", "Your submission is published: its files for publication are on the call"),
        ("declined", "The reviewers declined your submission: it is not published."),
        ("withdrawn", "You withdrew your submission: it is not published, and will not be."),
    ],
)
def test_the_status_page_says_what_follows_for_publication_from_where_the_submission_stands(
    client, call, status, outcome
):
    submission, token = receive(call)
    Submission.objects.filter(pk=submission.pk).update(status=status, consent_to_publish=True)

    html = client.get(f"/en/submissions/status/{token}/").content.decode()

    assert f"<dt>Publication</dt><dd>{outcome}" in html.replace("&#x27;", "'")


# Two clicks at once each read the submission before either moved it: each holds a copy that is out of date.
def test_a_withdrawal_sent_twice_at_once_is_made_once(call, django_capture_on_commit_callbacks):
    _submission, token = receive(call)
    first, second = services.find_by_token(token), services.find_by_token(token)

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(submission=first)
        with pytest.raises(ValidationError) as refused:
            services.withdraw(submission=second)

    assert refused.value.code == "not_withdrawable"
    assert Decision.objects.filter(to_status="withdrawn").count() == 1
    assert [message.subject for message in mail.outbox] == ["Your submission HLD2013-0001 was withdrawn"]


def test_a_publication_sent_twice_at_once_is_made_once(call, moderator, django_capture_on_commit_callbacks):
    submission, _token = receive(call)
    first, second = Submission.objects.get(pk=submission.pk), Submission.objects.get(pk=submission.pk)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(submission=first, to_status="published", actor=moderator)
        with pytest.raises(ValidationError) as refused:
            services.change_status(submission=second, to_status="published", actor=moderator)

    assert refused.value.message % refused.value.params == "A submission that is “Published” cannot become “Published”."
    assert Decision.objects.filter(to_status="published").count() == 1
    assert [message.subject for message in mail.outbox] == ["Your submission HLD2013-0001 is published"]


def test_a_wrong_status_token_is_not_found(client):
    SubmissionFactory()

    assert client.get("/en/submissions/status/not-a-real-token/").status_code == 404


def test_editors_cannot_see_submissions_and_moderators_cannot_edit_events(client, editor, moderator):
    SubmissionFactory()
    client.force_login(editor)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get("/admin/submissions/call/").status_code == 200
    client.force_login(moderator)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get("/admin/events/event/").status_code == 403
    assert client.get("/admin/documents/document/").status_code == 403


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_twenty_parallel_submissions_get_twenty_distinct_references(private_root):
    call = CallFactory(reference_prefix="PAR")
    results, errors = [], []

    def send(number):
        try:
            submission, _token = receive(
                call, name=f"{number}.pdf", content=PDF + str(number).encode(), organisation=f"Org {number}"
            )
            results.append(submission.reference)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [f"PAR-{number:04d}" for number in range(1, 21)]
    assert Submission.objects.filter(call=call).count() == 20
    assert len([path for path in private_root.rglob("*") if path.is_file()]) == 20


def test_a_submission_with_annexes_alone_is_not_published(moderator_client):
    # Its text put among the annexes by mistake: published, it would be listed with nothing to read.
    submission = SubmissionFileFactory(publishable=False, submission__reference="HLD2013-0011").submission

    response = act(moderator_client, "publish", [submission])

    submission.refresh_from_db()
    assert submission.status == Status.RECEIVED
    assert "HLD2013-0011 cannot be published: it has no file to publish, only annexes." in response.content.decode()
