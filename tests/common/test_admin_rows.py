"""The admin lists write their rows once per column (common.admin.RowsChangeList): the same rows as the admin's own."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result, result_list
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string

from common.translation_status import Completeness, translation_status
from documents.models import Document
from events.models import Event
from submissions.models import Call, Submission, SubmissionFile
from translations.models import TranslationState
from translations.tracking import other_languages

pytestmark = pytest.mark.django_db

LISTS = (
    "/admin/documents/document/",
    "/admin/documents/document/?doc_type__exact=report&o=-4.1",
    "/admin/documents/document/?q=migration",
    "/admin/events/event/",
    "/admin/submissions/call/",
    "/admin/submissions/submission/",
    "/admin/submissions/submission/?status__exact=published",
)


@pytest.fixture
def archive(demo):
    """The demo content, with what the lists show in their other ways: an outdated translation, a draft with a
    title to escape, a document without versions, a held and a flagged file."""
    document = Document.objects.order_by("pk").first()
    TranslationState.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Document),
        object_id=document.pk,
        field="title",
        language=other_languages()[0],
        defaults={"outdated": True},
    )
    Document.objects.filter(pk=document.pk).update(status="draft", title_en='Migrants & "refugees" <2024>')
    Document.objects.order_by("-pk").first().versions.all().delete()
    SubmissionFile.objects.filter(pk=SubmissionFile.objects.order_by("pk").values("pk")[:1]).update(
        scan_status="unavailable", findings=[{"code": "javascript", "description": "Runs JavaScript"}]
    )


def admins_own_rows(changelist):
    return ["".join(items_for_result(changelist, result, None)) for result in changelist.result_list]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("url", LISTS)
def test_list_rows_are_the_admins_own_rows(admin_client, archive, url, language):
    response = admin_client.get(url, headers={"accept-language": language})
    changelist = response.context["cl"]

    rows = changelist.results_table()["rows"]

    assert rows
    assert rows == admins_own_rows(changelist)
    assert all(f"<tr>{row}</tr>" in response.content.decode() for row in rows)


@pytest.mark.parametrize("url", LISTS[:2])
def test_the_results_table_is_the_admins_own(admin_client, archive, url):
    """Headers, sorting links and rows: the admin's change_list_results.html, but for the spaces between tags."""
    response = admin_client.get(url, headers={"accept-language": "fr"})
    admins_own = render_to_string("admin/change_list_results.html", result_list(response.context["cl"]))

    def tags(html):
        return re.sub(r">\s+<", "><", html.strip())

    assert '<table id="result_list">' in admins_own
    assert tags(admins_own) in tags(response.content.decode())


def test_a_popup_list_keeps_the_admins_own_rows(admin_client, archive):
    response = admin_client.get("/admin/documents/document/", {"_popup": "1", "_to_field": "id"})
    changelist = response.context["cl"]
    html = response.content.decode()

    assert not changelist.has_rows
    assert "data-popup-opener" in html
    assert all(f"<tr>{row}</tr>" in html for row in admins_own_rows(changelist))


@pytest.mark.parametrize("model", [Document, Event, Call, Submission])
def test_the_selection_box_is_the_admins_own(archive, model):
    model_admin = admin.site.get_model_admin(model)

    for obj in model.objects.all():
        assert model_admin.action_checkbox(obj) == admin.ModelAdmin.action_checkbox(model_admin, obj)


def test_the_translation_column_reads_the_descriptions_it_leaves_out(admin_client, archive):
    """The document list leaves the descriptions out of its rows; its badges still say what the descriptions hold."""
    french, spanish = other_languages()
    first, second, third, *_rest = Document.objects.order_by("pk").values_list("pk", flat=True)
    Document.objects.filter(pk=first).update(**{f"description_{french}": ""})  # French partial
    Document.objects.filter(pk=second).update(**{f"title_{spanish}": "", f"description_{spanish}": None})
    Document.objects.filter(pk=third).update(description_en="", **{f"description_{french}": ""})
    outdated = set(TranslationState.objects.filter(outdated=True).values_list("object_id", "language").distinct())

    response = admin_client.get("/admin/documents/document/")

    shown = {}
    for row in response.context["cl"].results_table()["rows"]:
        pk = int(re.search(r'name="_selected_action" value="(\d+)"', row)[1])
        shown[pk] = re.findall(r"translation-status--(\w+)", row)
    assert {first, second, third} <= shown.keys()
    for document in Document.objects.filter(pk__in=shown):
        expected = ["complete"]
        for status in translation_status(document):
            state = status.completeness
            if state == Completeness.COMPLETE and (document.pk, status.language) in outdated:
                state = Completeness.OUTDATED
            expected.append(state.value)
        assert shown[document.pk] == expected, document
    assert shown[first][1] == "partial"
    assert shown[second][2] == "missing"
    deferred, defer = response.context["cl"].result_list.query.deferred_loading
    assert defer
    assert {"description_en", f"description_{french}", f"description_{spanish}"} <= deferred
