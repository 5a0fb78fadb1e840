"""The public intake form: rules up front, every refusal explained in the visitor's language, nothing half-saved."""

import datetime
import itertools
import re
import uuid
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone

from submissions.models import Decision, Submission, SubmissionFile
from tests.document_files import pdf
from tests.submission_fixtures import PDF, docx_bytes, upload

pytestmark = pytest.mark.django_db


_titles = itertools.count(1)


def fresh(form_data):
    """``form_data`` with a title of its own: the same submission sent again is received once."""
    return {**form_data, "title": f"{form_data['title']} ({next(_titles)})"}


def submit(client, call, data, files=(), annexes=(), language="en", **headers):
    payload = {**data, "files": list(files), "annexes": list(annexes)}
    return client.post(f"/{language}/calls/{call.slug}/submit/", payload, headers=headers)


def stored_files(private_root):
    return sorted(path for path in private_root.rglob("*") if path.is_file()) if private_root.exists() else []


def test_form_shows_the_rules_before_the_form(client, call):
    call.closes_at = datetime.datetime(2030, 6, 14, 23, 59, tzinfo=datetime.UTC)
    call.save()

    html = client.get(f"/fr/calls/{call.slug}/submit/").content.decode()

    assert "Date limite" in html
    assert "14 juin 2030 à 19 h 59" in html  # 23:59 UTC is 19:59 in New York, written as the UN writes it in French
    assert "(UTC-4)" in html
    assert "PDF, DOC, DOCX, ODT" in html
    assert "Au plus 3 fichiers, jusqu’à 1,0\xa0Ko chacun et 2,0\xa0Ko au total." in html
    assert html.index("Date limite") < html.index("<form")


def test_a_browser_may_fill_in_the_senders_details_and_names_keep_their_direction(client, call):
    html = client.get(f"/es/calls/{call.slug}/submit/").content.decode()

    for name, purpose in [("organisation", "organization"), ("contact_name", "name"), ("email", "email")]:
        assert re.search(rf'<input[^>]*name="{name}"[^>]*>', html)[0].count(f'autocomplete="{purpose}"') == 1
    assert 'autocomplete="tel"' in re.search(r'<input[^>]*name="phone"[^>]*>', html)[0]
    assert 'autocomplete="country"' in re.search(r'<select[^>]*name="country"[^>]*>', html)[0]
    for name in ("organisation", "contact_name", "title"):
        assert 'dir="auto"' in re.search(rf'<input[^>]*name="{name}"[^>]*>', html)[0]


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "A submission is on time only if it has fully arrived by the deadline: allow time for large files to "
         "upload."),
        ("fr", "Une contribution n’est dans les délais que si elle est parvenue en totalité avant la date limite "
         ": prévoyez le temps nécessaire à l’envoi des fichiers volumineux."),
        ("es", "Una contribución solo se presenta a tiempo si se ha recibido en su totalidad antes de que venza el "
         "plazo: prevea el tiempo necesario para enviar los archivos de gran tamaño."),
    ],
)  # fmt: skip
def test_form_and_call_page_say_a_submission_must_have_arrived_by_the_deadline(client, call, language, sentence):
    form = client.get(f"/{language}/calls/{call.slug}/submit/").content.decode()
    call_page = client.get(f"/{language}/calls/{call.slug}/").content.decode()

    for html in (form, call_page):
        deadline = html.index("</time>", html.index('id="rules-heading"'))
        assert html.index(sentence) == html.index("</dd>", deadline) - len(sentence)


def test_a_valid_submission_is_received_with_a_reference_and_a_receipt(
    client, call, form_data, moderator, private_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            client, call, form_data, files=[upload()], annexes=[upload("annex.docx", docx_bytes())], language="es"
        )

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.reference == "HLD2013-0001"
    assert submission.submitter_language == "es"
    assert response["Location"].startswith("/es/submissions/status/")
    page = client.get(response["Location"]).content.decode()
    assert "Gracias. Su contribución se recibió con la referencia HLD2013-0001." in page
    assert "Recibida" in page
    files = {file.original_name: file for file in submission.files.all()}
    assert files["submission.pdf"].publishable is True
    assert files["annex.docx"].publishable is False
    assert files["annex.docx"].content_type.endswith("wordprocessingml.document")
    assert len(stored_files(private_root)) == 2
    assert list(Decision.objects.values_list("from_status", "to_status")) == [("", "received")]

    receipt, notice = mail.outbox
    assert receipt.to == ["ana@example.org"]
    assert receipt.subject == "Su contribución HLD2013-0001 ha sido recibida"
    assert files["submission.pdf"].sha256 in receipt.body
    assert files["annex.docx"].sha256 in receipt.body
    status_link = re.search(r"https://portal.example.org(/es/submissions/status/\S+/)", receipt.body)[1]
    assert status_link == response["Location"]
    assert notice.to == ["mod@example.org"]
    assert "HLD2013-0001" in notice.subject
    assert "/admin/submissions/submission/" in notice.body


@pytest.mark.parametrize(
    ("language", "content", "message"),
    [
        ("fr", b"<html><script>alert(1)</script></html>", "n’est pas un document PDF mais une page web"),
        ("es", b"MZ\x90\x00 executable", "no es un documento PDF sino un programa"),
        ("fr", b"", "est vide"),
        ("es", b"", "está vacío"),
    ],
)
def test_a_file_that_is_not_an_accepted_document_is_refused_in_the_visitor_language(
    client, call, form_data, private_root, language, content, message
):
    response = submit(client, call, form_data, files=[upload("report.pdf", content)], language=language)

    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    assert 'value="Migrants&#x27; Rights Network"' in response.content.decode()
    assert not Submission.objects.exists()
    assert stored_files(private_root) == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The file “big.pdf” is larger than the limit of 1.0\xa0KB."),
        ("fr", "Le fichier « big.pdf » dépasse la limite de 1,0\xa0Ko."),
        ("es", "El archivo “big.pdf” supera el límite de 1,0\xa0KB."),
    ],
)
def test_a_file_over_the_limit_is_refused_while_it_streams(client, call, form_data, language, message):
    response = submit(client, call, form_data, files=[upload("big.pdf", PDF + b"x" * 1100)], language=language)

    # The upload handler itself skipped the file while it streamed (the form's later size check would say the same).
    handler = response.context["view"].upload_handler
    assert handler.refused == [("files", "big.pdf")]
    assert response.context["form"].cleaned_data.get("files", []) == []

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Submission.objects.exists()


def test_every_file_problem_is_told_at_once_under_the_field_it_came_from(client, call, form_data, private_root):
    call.max_total_size = 100_000
    call.save()
    files = [upload("big.pdf", PDF + b"x" * 1100), upload("tool.exe", PDF)]
    annexes = [upload("annex.pdf", PDF + b"x" * 1100)]

    response = submit(client, call, form_data, files=files, annexes=annexes)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["files"] == [
        "The file “big.pdf” is larger than the limit of 1.0\xa0KB.",
        "The file “tool.exe” ends in .exe, a program or script: such files are never accepted.",
    ]
    assert errors["annexes"] == ["The file “annex.pdf” is larger than the limit of 1.0\xa0KB."]
    assert not Submission.objects.exists()
    assert stored_files(private_root) == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The other files took all the time there was to check “b.pdf”: send it again on its own or with fewer"),
        ("fr", "Les autres fichiers ont pris tout le temps prévu pour vérifier « b.pdf » : envoyez-le à nouveau seul"),
        ("es", "Los demás archivos agotaron el tiempo previsto para comprobar “b.pdf”: envíelo de nuevo solo"),
    ],
)
def test_files_past_the_time_a_request_may_spend_checking_are_refused_with_why(
    client, call, form_data, settings, private_root, language, message
):
    # The files of one request are checked within one budget, below the server's timeout: past it, each file left
    # is refused with a message, where before a request of several slow files had its worker killed (an empty 500).
    settings.UPLOAD_REQUEST_INSPECTION_SECONDS = 0

    response = submit(client, call, form_data, files=[upload("a.pdf"), upload("b.pdf")], language=language)

    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert not Submission.objects.exists()
    assert stored_files(private_root) == []


@pytest.mark.parametrize(
    ("language", "message"), [("fr", "Envoyez au plus 3 fichiers."), ("es", "Envíe como máximo 3 archivos.")]
)
def test_too_many_files_are_refused(client, call, form_data, language, message):
    files = [upload(f"f{n}.pdf", pdf(f"BT (Part {n}) Tj ET".encode())) for n in range(4)]
    response = submit(client, call, form_data, files=files, language=language)

    assert response.status_code == 400
    assert message in unescape(response.content.decode())


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "L’ensemble de vos fichiers dépasse la limite de 1,5\xa0Ko."),
        ("es", "juntos superan el límite de 1,5\xa0KB"),
    ],
)
def test_files_over_the_total_limit_are_refused(client, call, form_data, language, message):
    call.max_total_size = 1500
    call.save()
    content = PDF + b"x" * 900

    response = submit(
        client, call, form_data, files=[upload("a.pdf", content), upload("b.pdf", content)], language=language
    )

    assert response.status_code == 400
    assert message in unescape(response.content.decode())


@pytest.mark.parametrize(
    ("limit", "count", "code"),
    [("max_total_size", 3, "total_too_large"), ("max_files", 13, "too_many_files")],
    ids=["over-the-total", "a-flood-of-files"],
)
def test_fields_sent_after_files_over_a_limit_are_still_read(client, call, form_data, limit, count, code):
    call.max_total_size, call.max_files = (1500, 5) if limit == "max_total_size" else (100_000, 3)
    call.save()
    after = {name: form_data.pop(name) for name in ("consent_to_publish", "website")}
    # As browsers send the form: the choice of publication comes after the file inputs.
    payload = {**form_data, "files": [upload(f"f{n}.pdf", PDF + b"x" * 900) for n in range(count)], **after}

    response = client.post(f"/en/calls/{call.slug}/submit/", payload)

    assert response.status_code == 400
    form = response.context["form"]
    assert [error.code for error in form.non_field_errors().as_data()] == [code]
    assert "consent_to_publish" not in form.errors
    assert form["consent_to_publish"].value() == "yes"
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("language", "change", "message"),
    [
        # In the summary, after the field's name and a colon as each language writes it (French: a space before).
        ("fr", {"category": "member_state", "country": ""}, "Pays\xa0: Choisissez le pays de l’État Membre."),
        ("es", {"category": "member_state", "country": ""}, "País: Elija el país del Estado Miembro."),
        ("fr", {"email": "not-an-email"}, "Saisissez une adresse de courriel valide."),
        ("es", {"organisation": ""}, "Este campo es obligatorio."),
        ("fr", {"phone": "call me maybe"}, "chiffres"),
    ],
)
def test_bad_details_are_explained_and_what_was_typed_is_kept(client, call, form_data, language, change, message):
    response = submit(client, call, {**form_data, **change}, files=[upload()], language=language)

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert message in html
    assert 'value="Protecting migrant workers"' in html
    assert 'aria-invalid="true"' in html
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"), [("fr", "Joignez au moins un fichier."), ("es", "Adjunte al menos un archivo.")]
)
def test_a_submission_without_files_is_refused(client, call, form_data, language, message):
    response = submit(client, call, form_data, language=language)

    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "semble avoir été envoyée automatiquement"), ("es", "parece automatizada y no se ha aceptado")],
)
def test_the_honeypot_refuses_automated_senders(client, call, form_data, language, message):
    spam = {**form_data, "website": "http://spam.example"}

    response = submit(client, call, spam, files=[upload()], language=language)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "Veuillez réessayer dans une heure."), ("es", "Vuelva a intentarlo dentro de una hora.")],
)
def test_one_address_is_asked_to_wait_after_many_submissions(client, call, form_data, settings, language, message):
    settings.SUBMISSION_RATE_LIMIT = 2
    for _attempt in range(2):
        assert submit(client, call, fresh(form_data), files=[upload()]).status_code == 302

    response = submit(client, call, fresh(form_data), files=[upload()], language=language)

    assert response.status_code == 429
    assert message in response.content.decode()
    assert Submission.objects.count() == 2


def test_forms_refused_do_not_count_as_submissions_towards_the_limit(client, call, form_data, settings):
    """A submitter who corrects a few mistakes is not asked to wait an hour: only submissions received count
    towards SUBMISSION_RATE_LIMIT; every form sent counts towards the far higher SUBMISSION_ATTEMPT_LIMIT."""
    settings.SUBMISSION_RATE_LIMIT = 2
    for _attempt in range(5):
        assert submit(client, call, {**form_data, "email": "not an address"}, files=[upload()]).status_code == 400

    assert submit(client, call, fresh(form_data), files=[upload()]).status_code == 302
    assert submit(client, call, fresh(form_data), files=[upload()]).status_code == 302
    assert submit(client, call, fresh(form_data), files=[upload()]).status_code == 429
    assert Submission.objects.count() == 2


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Many attempts to send this form came from your address in the last hour."),
        ("fr", "Veuillez réessayer dans une heure."),
        ("es", "Vuelva a intentarlo dentro de una hora."),
    ],
)
def test_one_address_sending_the_form_very_often_is_asked_to_wait(client, call, form_data, settings, language, message):
    settings.SUBMISSION_ATTEMPT_LIMIT = 3
    for _attempt in range(3):
        assert submit(client, call, {**form_data, "email": "not an address"}, files=[upload()]).status_code == 400

    response = submit(client, call, form_data, files=[upload()], language=language)

    assert response.status_code == 429
    assert message in unescape(response.content.decode())
    assert not Submission.objects.exists()


def test_the_addresses_of_one_ipv6_network_share_a_limit(client, call, form_data, settings):
    """An IPv6 connection is given a whole /64: a visitor may send from any of its addresses."""
    settings.SUBMISSION_RATE_LIMIT = 1

    def submit_from(address):
        payload = {**fresh(form_data), "files": [upload()], "annexes": []}
        return client.post(f"/en/calls/{call.slug}/submit/", payload, REMOTE_ADDR=address)

    first = submit_from("2001:db8:1:2::10")
    same_network = submit_from("2001:db8:1:2:ffff::99")
    other_network = submit_from("2001:db8:1:3::10")

    assert (first.status_code, same_network.status_code, other_network.status_code) == (302, 429, 302)


@pytest.mark.parametrize(
    ("opens", "closes", "language", "message"),
    [
        (1, 5, "en", "Submissions will be accepted from"),
        (-5, -1, "fr", "Les contributions ne sont plus acceptées."),
        (-5, -1, "es", "Ya no se aceptan contribuciones."),
    ],
)
def test_before_opening_and_after_the_deadline_nothing_is_accepted(
    client, call, form_data, opens, closes, language, message
):
    call.opens_at = timezone.now() + datetime.timedelta(days=opens)
    call.closes_at = timezone.now() + datetime.timedelta(days=closes)
    call.save()

    page = client.get(f"/{language}/calls/{call.slug}/submit/").content.decode()
    response = submit(client, call, form_data, files=[upload()], language=language)

    assert message in page
    assert "<form" not in page.split('class="site-footer"')[0].split("<main")[1]
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_a_failure_while_saving_files_leaves_nothing_behind(client, call, form_data, private_root, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(SubmissionFile.objects, "bulk_create", fail)

    with pytest.raises(OSError, match="disk full"):
        submit(client, call, form_data, files=[upload(), upload("second.pdf")])

    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()
    assert stored_files(private_root) == []
    assert mail.outbox == []


def test_references_are_never_reused(client, call, form_data):
    submit(client, call, form_data, files=[upload()])
    Submission.objects.get().delete()

    submit(client, call, form_data, files=[upload()])

    assert Submission.objects.get().reference == "HLD2013-0002"


def test_file_names_are_cleaned_of_paths_and_control_characters(client, call, form_data):
    submit(client, call, form_data, files=[upload("../../etc/evil\u202egpj.pdf")])

    assert SubmissionFile.objects.get().original_name == "evilgpj.pdf"


def test_behind_the_proxy_each_visitor_has_a_rate_limit_of_their_own(client, call, form_data, settings):
    settings.SUBMISSION_RATE_LIMIT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"

    first = submit(client, call, fresh(form_data), files=[upload()], **{"x-real-ip": "203.0.113.1"})
    other = submit(client, call, fresh(form_data), files=[upload()], **{"x-real-ip": "203.0.113.2"})
    again = submit(client, call, fresh(form_data), files=[upload()], **{"x-real-ip": "203.0.113.1"})

    assert (first.status_code, other.status_code, again.status_code) == (302, 302, 429)


ALREADY_RECEIVED = {
    "en": "This form was sent more than once; it was received once, with the reference HLD2013-0001. The receipt, "
    "with the link to follow your submission, was sent to the email address you gave.",
    "fr": "Ce formulaire a été envoyé plus d’une fois ; il a été reçu une seule fois, sous la référence "
    "HLD2013-0001. L’accusé de réception, avec le lien permettant de suivre votre contribution, a été envoyé à "
    "l’adresse électronique que vous avez indiquée.",
    "es": "Este formulario se envió más de una vez; se recibió una sola vez, con la referencia HLD2013-0001. El "
    "acuse de recibo, con el enlace para seguir su contribución, se envió a la dirección de correo electrónico que "
    "indicó.",
}


def blank_form_key(client, call, language):
    page = client.get(f"/{language}/calls/{call.slug}/submit/").content.decode()
    return re.search(r'<input type="hidden" name="form_key" value="([0-9a-f-]{36})"', page).group(1)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_form_sent_twice_by_a_double_click_is_received_once(
    client, call, form_data, private_root, django_capture_on_commit_callbacks, language
):
    data = {**form_data, "form_key": blank_form_key(client, call, language)}

    with django_capture_on_commit_callbacks(execute=True):
        first = submit(client, call, data, files=[upload()], language=language)
        second = submit(client, call, data, files=[upload()], language=language)

    assert first.status_code == 302
    assert second.status_code == 200
    assert ALREADY_RECEIVED[language] in unescape(second.content.decode())
    assert Submission.objects.get().reference == "HLD2013-0001"
    assert len(stored_files(private_root)) == 1
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


def test_two_forms_filled_in_one_after_the_other_are_two_submissions(client, call, form_data):
    for _number in range(2):
        data = {**fresh(form_data), "form_key": blank_form_key(client, call, "en")}
        assert submit(client, call, data, files=[upload()]).status_code == 302

    assert sorted(Submission.objects.values_list("reference", flat=True)) == ["HLD2013-0001", "HLD2013-0002"]


@pytest.mark.parametrize("key", ["not-a-key", "\x00", "1" * 5000])
def test_a_tampered_form_key_is_no_error_to_fix(client, call, form_data, key):
    response = submit(client, call, {**form_data, "form_key": key}, files=[upload()], language="fr")

    assert response.status_code == 302
    assert Submission.objects.get().form_key is None


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Attach here the text to publish, or choose to keep your submission for the record only."),
        ("fr", "Joignez ici le texte à publier, ou choisissez de garder votre contribution pour mémoire seulement."),
    ],
)
def test_publication_chosen_with_annexes_alone_asks_for_the_text_to_publish(client, call, form_data, language, message):
    response = submit(client, call, form_data, annexes=[upload("text.pdf")], language=language)

    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert not Submission.objects.exists()
    kept = submit(client, call, {**form_data, "consent_to_publish": "no"}, annexes=[upload("text.pdf")])
    assert kept.status_code == 302


def test_the_same_file_chosen_twice_is_received_once(client, call, form_data, private_root):
    response = submit(client, call, form_data, files=[upload("text.pdf"), upload("text (copy).pdf")])

    assert response.status_code == 302
    assert list(Submission.objects.get().files.values_list("original_name", flat=True)) == ["text.pdf"]
    assert len(stored_files(private_root)) == 1


def test_the_same_file_to_publish_and_as_an_annex_is_refused_with_why(client, call, form_data, private_root):
    response = submit(client, call, form_data, files=[upload("text.pdf")], annexes=[upload("annex.pdf")])

    assert response.status_code == 400
    assert "The file “annex.pdf” was attached both to publish and as an annex" in unescape(response.content.decode())
    assert not Submission.objects.exists()
    assert stored_files(private_root) == []


def test_a_tab_pasted_into_a_name_is_a_space(client, call, form_data):
    response = submit(client, call, {**form_data, "organisation": "Migrants'\tRights  Network"}, files=[upload()])

    assert response.status_code == 302
    assert Submission.objects.get().organisation == "Migrants' Rights Network"


def test_the_same_submission_sent_again_from_a_new_form_is_received_once(client, call, form_data):
    # Back to the form after sending, then Send: the browser shows the form with a new key.
    first = submit(client, call, {**form_data, "form_key": str(uuid.uuid4())}, files=[upload()])
    again = submit(client, call, {**form_data, "form_key": str(uuid.uuid4())}, files=[upload()], language="fr")
    corrected = submit(client, call, {**form_data, "title": "Protecting migrant workers, corrected"}, files=[upload()])

    assert first.status_code == 302
    assert again.status_code == 200
    assert "HLD2013-0001" in again.content.decode()
    assert corrected.status_code == 302
    assert list(Submission.objects.order_by("reference").values_list("reference", flat=True)) == [
        "HLD2013-0001",
        "HLD2013-0002",
    ]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "The deadline passed while the form was open: your submission was not received."),
        ("es", "El plazo venció mientras el formulario estaba abierto: su contribución no se recibió."),
    ],
)
def test_a_form_sent_after_the_deadline_says_so_and_gives_back_what_was_typed(client, call, form_data, language, said):
    client.get(f"/{language}/calls/{call.slug}/submit/")
    call.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    call.save()

    response = submit(client, call, form_data, files=[upload()], language=language)

    html = unescape(response.content.decode())
    assert response.status_code == 403
    assert said in html
    assert "Migrants' Rights Network" in html
    assert "Protecting migrant workers" in html
    assert not Submission.objects.exists()
