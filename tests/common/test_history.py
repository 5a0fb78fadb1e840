"""An item's history in the admin reads in the reader's language, whatever language each editor saved in."""

import re

import pytest
from django.utils import formats, timezone, translation
from reversion.models import Version as Revision

from tests.admin_forms import admin_form_data
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def actions(client, event, language):
    """The Action column of the event's history, read in ``language``, oldest first."""
    html = client.get(f"/admin/events/event/{event.pk}/history/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return re.findall(r"<td>([^<]*)</td>\s*</tr>", html)


def save_unchanged_but(client, event, language, **changes):
    url = f"/admin/events/event/{event.pk}/change/"
    data = {**admin_form_data(client.get(url, HTTP_ACCEPT_LANGUAGE=language)), **changes}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302


def test_history_of_a_change_made_in_french_reads_in_english_and_spanish(editor_client):
    event = EventFactory(title="Dialogue", slug="dialogue")
    save_unchanged_but(editor_client, event, "fr", slug="dialogue-2013", title_fr="Dialogue de haut niveau")

    assert actions(editor_client, event, "en") == ["Changed Title [fr] and Slug."]
    assert actions(editor_client, event, "es") == ["Modificado Título [fr] y Identificador de dirección."]
    assert actions(editor_client, event, "fr") == ["Modification de Titre [fr] et Identifiant d’adresse."]


def test_history_of_a_publication_and_a_translation_review_made_in_spanish_reads_in_french(editor_client):
    event = EventFactory(status="draft")
    editor_client.post(
        "/admin/events/event/", {"action": "publish", "_selected_action": [event.pk]}, HTTP_ACCEPT_LANGUAGE="es"
    )
    editor_client.post(
        "/admin/translations/review/",
        {"item": f"events.event.{event.pk}", "language": "fr"},
        HTTP_ACCEPT_LANGUAGE="es",
    )

    assert actions(editor_client, event, "en") == ["Published", "Translations marked as reviewed"]
    assert actions(editor_client, event, "fr") == ["Publié", "Traductions marquées comme révisées"]


def test_history_of_a_revert_made_in_spanish_reads_in_french_with_a_french_date(editor_client):
    event = EventFactory(title="Dialogue")
    save_unchanged_but(editor_client, event, "es", title_en="Changed")
    oldest = Revision.objects.get_for_object(event).order_by("pk").first()
    revert_url = f"/admin/events/event/{event.pk}/history/{oldest.pk}/"
    data = admin_form_data(editor_client.get(revert_url, HTTP_ACCEPT_LANGUAGE="es"))
    assert editor_client.post(revert_url, data, HTTP_ACCEPT_LANGUAGE="es").status_code == 302

    with translation.override("fr"):
        saved = formats.date_format(timezone.localtime(oldest.revision.date_created), "DATETIME_FORMAT")
    assert actions(editor_client, event, "fr")[-1] == f"Restauré depuis une version précédente, sauvée le {saved}"


def test_history_written_out_before_is_shown_as_it_was_stored(editor_client):
    event = EventFactory(title="Dialogue")
    save_unchanged_but(editor_client, event, "fr", slug="dialogue-2013")
    revision = Revision.objects.get_for_object(event).get().revision
    revision.comment = "Modification de Slug."  # as stored before comments were kept as data
    revision.save()

    assert actions(editor_client, event, "en") == ["Modification de Slug."]
