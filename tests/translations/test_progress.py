"""The translation counts editors read (status page, dashboard, to-do list) stay exact through every change, and
cost the same queries whatever the archive holds."""

import datetime
import io

import pytest
import time_machine
from django.utils import timezone

from common.models import PublicationStatus
from documents.models import Document
from tests.factories import DocumentFactory
from translations.models import ItemTranslation
from translations.tracking import mark_reviewed, progress_counts, refresh_translation_states, translations_stay_current

pytestmark = pytest.mark.django_db


def french():
    return progress_counts([Document], ["fr"])[Document]["fr"]


def status_row(client, language="French"):
    """The cells of the documents' row for ``language`` on the status page, as the editor reads them."""
    html = client.get("/admin/translations/status/").content.decode()
    documents = html.split('rowspan="2">Documents</th>')[1]
    row = documents.split(f"<td>{language}</td>")[1].split("</tr>")[0]
    return [cell.split(">")[-1].strip() for cell in row.replace("</a>", "").split("</td>")[:-1]]


def test_counts_follow_edits_reviews_and_deletes(editor_client):
    translated = DocumentFactory(title="Translated")
    untranslated = DocumentFactory(title="Untranslated", title_fr="")
    changed = DocumentFactory(title="Changed")
    assert french() == {"total": 3, "missing": 1, "outdated": 0, "translated": 2}

    changed.title_en = "Changed again"
    changed.save()
    assert french() == {"total": 3, "missing": 1, "outdated": 1, "translated": 1}
    assert status_row(editor_client) == ["3", "1", "1", "1"]  # total, translated, missing, outdated

    untranslated.title_fr = "Non traduit"
    untranslated.save()
    mark_reviewed(changed, languages=["fr"])
    assert french() == {"total": 3, "missing": 0, "outdated": 0, "translated": 3}

    with translations_stay_current():
        translated.title_en = "Translated, a comma"
        translated.save()
    translated.description_en = "A new summary without French"
    translated.save()
    assert french() == {"total": 3, "missing": 1, "outdated": 0, "translated": 2}

    translated.delete()
    assert french() == {"total": 2, "missing": 0, "outdated": 0, "translated": 2}
    assert status_row(editor_client) == ["2", "2", "0", "0"]


def test_counts_follow_publishing_and_unpublishing(editor_client):
    document = DocumentFactory(title="Report", title_fr="")
    DocumentFactory(title="Draft", title_fr="", status=PublicationStatus.DRAFT)
    assert french()["total"] == 1

    document.status = PublicationStatus.DRAFT
    document.save()
    assert french() == {"total": 0, "missing": 0, "outdated": 0, "translated": 0}
    assert "Report" not in editor_client.get("/admin/translations/").content.decode()

    document.status = PublicationStatus.PUBLISHED
    document.save()
    assert french() == {"total": 1, "missing": 1, "outdated": 0, "translated": 0}
    assert "Report" in editor_client.get("/admin/translations/").content.decode()


def test_a_scheduled_item_counts_once_its_time_comes(editor_client, editor):
    start = timezone.now()
    DocumentFactory(title="Now", title_fr="")
    DocumentFactory(title="Tomorrow", title_fr="", publish_from=start + datetime.timedelta(days=1))
    assert french() == {"total": 1, "missing": 1, "outdated": 0, "translated": 0}
    assert "1 published item needs translating." in editor_client.get("/admin/translations/").content.decode()

    with time_machine.travel(start + datetime.timedelta(days=2), tick=False):
        assert french() == {"total": 2, "missing": 2, "outdated": 0, "translated": 0}
        editor_client.force_login(editor)  # the first session expired meanwhile
        assert status_row(editor_client) == ["2", "0", "2", "0"]
        page = editor_client.get("/admin/translations/").content.decode()
        assert "2 published items need translating." in page
        assert "Tomorrow" in page


def test_bulk_loads_are_counted_by_the_refresh_as_saves_count_them(editor_client):
    saved = [
        DocumentFactory(title="Complete"),
        DocumentFactory(title="Also complete"),
        DocumentFactory(title="Partial", description="A summary"),
        DocumentFactory(title="Missing", title_fr="", title_es=""),
        DocumentFactory(title="Scheduled", title_fr="", publish_from=timezone.now() + datetime.timedelta(days=1)),
        DocumentFactory(title="Draft", status=PublicationStatus.DRAFT),
    ]
    saved[0].title_en = "Complete, then changed"
    saved[0].save()
    by_saves = set(ItemTranslation.objects.values_list("object_id", "language", "state", "published", "publish_from"))
    counts_by_saves = progress_counts([Document], ["fr", "es"])
    Document.objects.bulk_create(
        Document(symbol=f"A/68/B{n}", slug=f"bulk-{n}", title=f"Bulk {n}", status=PublicationStatus.PUBLISHED)
        for n in range(5)
    )
    assert french()["total"] == 4  # bulk_create sends no signals

    refresh_translation_states()

    rows = set(ItemTranslation.objects.values_list("object_id", "language", "state", "published", "publish_from"))
    assert by_saves <= rows
    assert {state for *_ids, state, _published, _when in by_saves} == {"complete", "partial", "missing", "outdated"}
    assert french() == {"total": 9, "missing": 7, "outdated": 1, "translated": 1}
    assert (
        progress_counts([Document], ["es"])[Document]["es"]["missing"] == counts_by_saves[Document]["es"]["missing"] + 5
    )
    assert "8 published items need translating." in editor_client.get("/admin/translations/").content.decode()


@pytest.mark.parametrize("count", [1, 60])
def test_dashboard_and_status_page_queries_do_not_grow_with_the_archive(
    editor_client, django_assert_num_queries, count
):
    for number in range(count):
        DocumentFactory(title=f"Report {number}", title_fr="" if number % 2 else "Rapport")
    editor_client.get("/admin/")  # sessions and permissions warmed

    with django_assert_num_queries(6):
        editor_client.get("/admin/translations/status/")
    dashboard = editor_client.get("/admin/").content.decode()
    assert "Translations to do" in dashboard


def test_a_generated_archive_is_counted():
    from django.core.management import call_command

    call_command("generate_archive", events=1, documents=12, submissions=0, stdout=io.StringIO())

    published = Document.objects.published()
    assert french()["total"] == published.count() == 12
    assert french()["translated"] == published.exclude(title_fr="").count()
