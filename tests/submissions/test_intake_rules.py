"""What a submitter chooses, types and is told: publication consent, text fields, links, emails, privacy."""

import datetime
import secrets
from html import unescape
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from outbox.models import OutgoingEmail
from outbox.tasks import send_email
from submissions import services
from submissions.models import Decision, Status, Submission
from tests.security.hostile import Part, post_multipart
from tests.submission_fixtures import receive, upload

pytestmark = pytest.mark.django_db


def submit(client, call, data, language="en", files=None):
    payload = {**data, "files": files if files is not None else [upload()]}
    return client.post(f"/{language}/calls/{call.slug}/submit/", payload)


def errors(response, field):
    return [str(error) for error in response.context["form"].errors[field]]


# --- Publication consent -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Choose whether your submission may be published."),
        ("fr", "Indiquez si votre contribution peut être publiée."),
        ("es", "Indique si su contribución puede publicarse."),
    ],
)
def test_the_publication_choice_is_required(client, call, form_data, language, message):
    data = {key: value for key, value in form_data.items() if key != "consent_to_publish"}

    response = submit(client, call, data, language)

    assert response.status_code == 400
    assert errors(response, "consent_to_publish") == [message]
    assert not Submission.objects.exists()


def test_the_form_offers_both_choices_as_radio_buttons(client, call):
    html = unescape(client.get(f"/fr/calls/{call.slug}/submit/").content.decode())

    assert 'type="radio" name="consent_to_publish" value="yes"' in html
    assert "Publier ma contribution sur ce site une fois examinée" in html
    assert "La conserver uniquement pour mémoire : ne pas la publier" in html


@pytest.mark.parametrize(
    ("choice", "language", "said"),
    [
        ("no", "es", "Ha elegido conservar su contribución solo a título informativo."),
        ("yes", "fr", "Vous avez choisi de faire publier votre contribution."),
        ("no", "en", "You chose to keep your submission for the record only."),
    ],
)
def test_the_choice_is_said_on_the_confirmation_the_receipt_and_the_status_page(
    client, call, form_data, django_capture_on_commit_callbacks, choice, language, said
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, call, {**form_data, "consent_to_publish": choice}, language)

    assert Submission.objects.get().consent_to_publish is (choice == "yes")
    confirmation = unescape(client.get(response["Location"]).content.decode())
    assert said in confirmation
    assert said in mail.outbox[0].body
    status = unescape(client.get(response["Location"]).content.decode())  # the message is shown once
    assert said in status


# --- Text fields ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This field must be one line of text, without line breaks or control characters."),
        ("fr", "Ce champ doit tenir sur une ligne, sans saut de ligne ni caractère de contrôle."),
        ("es", "Este campo debe ser una sola línea de texto, sin saltos de línea ni caracteres de control."),
    ],
)
@pytest.mark.parametrize(
    "value",
    [
        "NGO\r\nBcc: all@example.org",
        "NGO\x07",
        "NGO \u202eevil",
        "\x1b[31mNGO",
        "NGO\u2028Bcc: all@example.org",  # Unicode's line separator
        "NGO\u2029name",  # and its paragraph separator
    ],
)
def test_a_line_break_or_control_character_in_a_name_is_refused(client, call, form_data, language, message, value):
    response = submit(client, call, {**form_data, "organisation": value}, language)

    assert response.status_code == 400
    assert errors(response, "organisation") == [message]
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This text holds characters that could not be read (it was not sent as valid UTF-8): type it again."),
        ("fr", "Ce texte contient des caractères illisibles (il n’a pas été envoyé en UTF-8 valide) : saisissez-le "
         "à nouveau."),
        ("es", "Este texto contiene caracteres ilegibles (no se envió en UTF-8 válido): escríbalo de nuevo."),
    ],
)  # fmt: skip
def test_invalid_utf8_is_refused_not_replaced(client, call, form_data, private_root, language, message):
    fields = {**form_data, "organisation": b"Asociaci\xf3n de migrantes"}  # Latin-1, not UTF-8
    response = post_multipart(
        client, f"/{language}/calls/{call.slug}/submit/", fields, [Part("files", "a.pdf", upload().read())]
    )

    assert response.status_code == 400
    assert errors(response, "organisation") == [message]
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("a" * 64 + "@example.org", True),
        ("a" * 65 + "@example.org", False),
        ("ana@" + ".".join(letter * 60 for letter in "defgh") + ".org", False),
    ],
)
def test_email_addresses_respect_rfc_5321_lengths(client, call, form_data, address, valid):
    response = submit(client, call, {**form_data, "email": address}, "fr")

    if valid:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert "email" in response.context["form"].errors


def test_the_moderators_notice_goes_out_whatever_the_organisation_name_holds(
    call, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receive(call, organisation="NGO\r\nBcc: all@example.org \u202eevil\u202c")

    _receipt, notice = mail.outbox
    assert notice.subject == "New submission HLD2013-0001 from NGO Bcc: all@example.org evil"
    assert notice.message()["Subject"] == notice.subject


def test_the_receipt_repeats_nothing_the_sender_typed(call, moderator, django_capture_on_commit_callbacks):
    """Anyone can type someone else's address into the form: the portal's receipt must not carry their words (a
    phishing text as a name, an organisation, a title or a file name) to that inbox. The moderators' notice, read
    by staff who judge the submission, names them."""
    words = {
        "contact_name": "Your UN account expires: sign in at https://un-verify.example",
        "organisation": "UN Security Office https://un-verify.example",
        "title": "URGENT: confirm your password at un-verify.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        submission, _token = receive(call, name="https-un-verify.example.pdf", **words)
        services.change_status(submission=submission, to_status=Status.DECLINED, note="Spam.")

    receipt, notice, declined = mail.outbox
    for message in (receipt, declined):
        assert "un-verify" not in message.subject + message.body
        assert message.body.startswith("Dear Sir or Madam,")
    assert submission.reference in receipt.body
    assert words["organisation"] in notice.body


def test_the_moderators_notice_names_the_organisation_as_typed_not_as_html(
    call, moderator, django_capture_on_commit_callbacks
):
    """An email is plain text: "Migrants & Rights" reads so in its subject, not "Migrants &amp; Rights"."""
    with django_capture_on_commit_callbacks(execute=True):
        receive(call, organisation="Migrants & Rights <Network>")

    receipt, notice = mail.outbox
    assert notice.subject == "New submission HLD2013-0001 from Migrants & Rights <Network>"
    assert "Migrants & Rights <Network>" in notice.body
    assert "&amp;" not in receipt.subject + receipt.body + notice.body


# --- Links in emails -------------------------------------------------------------------------------------------------


@override_settings(SITE_URL="http://127.0.0.1:8102")
def test_every_email_links_to_the_configured_site(call, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission, token = receive(call)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(submission=submission, to_status=Status.PUBLISHED, actor=moderator)

    receipt, notice, published = mail.outbox
    assert f"http://127.0.0.1:8102/en/submissions/status/{token}/" in receipt.body
    assert f"http://127.0.0.1:8102/admin/submissions/submission/{submission.pk}/change/" in notice.body
    assert "http://127.0.0.1:8102/en/calls/hld-call/" in published.body
    assert not any("127.0.0.1:8000" in message.body for message in mail.outbox)


# --- Privacy ---------------------------------------------------------------------------------------------------------


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_TASKS)
def test_no_token_or_address_stays_in_task_storage(call, moderator):
    _submission, token = receive(call, email="private.person@example.org")

    stored = [str(result.args_kwargs) for result in DBTaskResult.objects.all()]
    assert len(stored) == 2  # the receipt and the moderators' notice
    assert not any(token in text or "private.person" in text for text in stored)
    for result in DBTaskResult.objects.all():
        send_email.call(**result.args_kwargs["kwargs"])

    assert mail.outbox[0].to == ["private.person@example.org"]
    assert token in mail.outbox[0].body
    assert not OutgoingEmail.objects.exists()  # what was sent is gone


def test_a_well_formed_token_that_was_never_issued_is_not_found(client, call):
    receive(call)

    assert client.get(f"/en/submissions/status/{secrets.token_urlsafe(32)}/").status_code == 404


def test_the_status_page_never_passes_its_address_on(client, call):
    _submission, token = receive(call)

    response = client.get(f"/en/submissions/status/{token}/")

    # The site's origin alone, never the page's address; not no-referrer, under which a browser sends the withdraw
    # form with "Origin: null" (tests/browser/test_submission_screens.py).
    assert response["Referrer-Policy"] == "strict-origin"


def test_withdrawing_sends_a_confirmation(client, call, django_capture_on_commit_callbacks):
    _submission, token = receive(call, submitter_language="fr")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/submissions/status/{token}/", {"confirm": "on"})

    assert Submission.objects.get().status == Status.WITHDRAWN
    [confirmation] = mail.outbox
    assert confirmation.subject == "Votre contribution HLD2013-0001 a été retirée"
    assert "Elle ne sera ni examinée ni publiée." in confirmation.body


def test_the_retention_rule_erases_contact_details_of_old_decisions_only(call, moderator):
    old, _token = receive(call, email="old@example.org")
    services.change_status(submission=old, to_status=Status.DECLINED, actor=moderator, note="No.")
    Decision.objects.filter(submission=old).update(at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    recent, _token = receive(call, email="recent@example.org")
    services.change_status(submission=recent, to_status=Status.PUBLISHED, actor=moderator)
    waiting, _token = receive(call, email="waiting@example.org")
    Decision.objects.filter(submission=waiting).update(at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    erased = services.erase_expired_contact_details(months=24)

    assert erased == 1
    old.refresh_from_db()
    assert (old.email, old.contact_name) == ("", "")
    assert old.decisions.last().note == "Contact details erased: decided over 24 months ago (retention rule)."
    assert Submission.objects.get(pk=recent.pk).email == "recent@example.org"
    assert Submission.objects.get(pk=waiting.pk).email == "waiting@example.org"  # never decided


def test_the_retention_command_reports_and_schedules(call):
    out = StringIO()
    call_command("erase_expired_contacts", "--schedule", stdout=out)

    assert "Contact details erased from 0 submission(s) decided over 24 months ago." in out.getvalue()
    assert "run this command once a day" in out.getvalue()  # the immediate backend of the tests


@override_settings(TASKS=DATABASE_TASKS)
def test_the_retention_task_is_queued_once_for_the_worker():
    call_command("erase_expired_contacts", "--schedule", stdout=StringIO())
    call_command("erase_expired_contacts", "--schedule", stdout=StringIO())

    assert DBTaskResult.objects.filter(task_path="submissions.tasks.erase_expired_contacts_daily").count() == 1


def test_a_member_state_must_be_a_state_not_other(client, call, form_data):
    data = {**form_data, "category": "member_state", "country": "ZZ", "organisation": "Ministry"}

    response = submit(client, call, data, "es")

    assert response.status_code == 400
    assert errors(response, "country") == ["Elija el país del Estado Miembro."]
