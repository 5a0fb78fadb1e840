"""The admin lists write their rows once per column (common.admin.RowsChangeList): the same rows as the admin's own."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.contrib.contenttypes.models import ContentType

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
