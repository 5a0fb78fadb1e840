"""Rows read from the database become the same instances as through Django's ``Model.__init__``, without it
(common.models.QuickLoading): translated fields, foreign keys, files, countries and deferred columns as before."""

import pytest
from django.db.models.signals import post_init, pre_init
from django.utils.translation import override

import common.models
from documents.models import Document, EventDocument, Version
from events.models import Event
from submissions.models import Submission
from tests.factories import EventDocumentFactory, SubmissionFactory, VersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def django_way(monkeypatch):
    """Loads rows through Django's own ``from_db``, for comparison."""

    def load(queryset):
        with monkeypatch.context() as patched:
            patched.setattr(common.models, "_stored_as_given", lambda model: False)
            return list(queryset)

    return load


@pytest.fixture
def rows():
    parent = VersionFactory().document
    version = VersionFactory(
        document__parent=parent, document__reissue="corrigendum", file="documents/report.pdf", url="", size=1234
    )
    link = EventDocumentFactory(document=version.document, event__country="CH", event__image="lead-images/a.jpg")
    SubmissionFactory(country="ES")
    return version, link


def state(instance):
    return {**vars(instance), "_state": (instance._state.adding, instance._state.db)}


@pytest.mark.parametrize(
    "read",
    [
        lambda: Document.objects.all(),
        lambda: Document.objects.only("slug", "title_en", "parent"),
        lambda: Document.objects.defer("title", "description_fr"),
        lambda: Version.objects.all(),
        lambda: EventDocument.objects.all(),
        lambda: Event.objects.all(),
        lambda: Submission.objects.all(),
        lambda: Version.objects.select_related("document__parent"),
    ],
)
def test_each_row_is_the_instance_djangos_init_makes(rows, django_way, read):
    loaded, expected = list(read().order_by("pk")), django_way(read().order_by("pk"))

    assert [state(instance) for instance in loaded] == [state(instance) for instance in expected]
    assert [instance.get_deferred_fields() for instance in loaded] == [i.get_deferred_fields() for i in expected]
    assert loaded
    assert all(instance._state.adding is False and instance._state.db == "default" for instance in loaded)


def test_translated_related_file_and_country_fields_read_and_write_as_before(rows):
    version, link = rows
    document = Document.objects.only("title_en", "title_fr", "parent").get(pk=version.document.pk)
    event = Event.objects.get(pk=link.event.pk)
    loaded_version = Version.objects.get(pk=version.pk)

    with override("fr"):
        assert document.title == version.document.title_fr
        document.title = "Nouveau titre"  # after loading, the active language's column takes it
    assert (document.title_fr, document.title_en) == ("Nouveau titre", version.document.title_en)
    assert document.parent == version.document.parent
    assert document.get_deferred_fields() >= {"description_en", "symbol"}
    assert document.symbol == version.document.symbol  # read on first use
    assert (event.country.name, event.image.name) == ("Switzerland", "lead-images/a.jpg")
    assert (loaded_version.file.name, loaded_version.file.instance) == ("documents/report.pdf", loaded_version)


def test_rows_are_loaded_without_init_and_post_init_is_still_sent(rows, monkeypatch):
    inits, seen = [], []
    original = Document.__init__
    monkeypatch.setattr(Document, "__init__", lambda self, *args, **kwargs: inits.append(args) or original(self, *args))

    def receiver(sender, instance, **kwargs):
        seen.append((sender, instance.pk, instance.slug))

    post_init.connect(receiver, sender=Document)
    try:
        documents = list(Document.objects.order_by("pk"))
    finally:
        post_init.disconnect(receiver, sender=Document)

    assert inits == []
    assert seen == [(Document, document.pk, document.slug) for document in documents]
    assert len(seen) == 2


def test_a_pre_init_receiver_or_another_kind_of_attribute_loads_djangos_way(rows, monkeypatch):
    given = []

    def receiver(sender, args, kwargs, **extra):
        given.append(args)

    pre_init.connect(receiver, sender=Version)
    try:
        version = Version.objects.get(pk=rows[0].pk)
    finally:
        pre_init.disconnect(receiver, sender=Version)
    assert len(given) == 1
    assert version.pk in given[0]

    class Checked:
        def __get__(self, instance, owner):
            return self

        def __set__(self, instance, value):
            instance.__dict__["symbol"] = value.lower()

    monkeypatch.setattr(Document, "symbol", Checked())
    assert common.models._stored_as_given.__wrapped__(Document) is False
    assert common.models._stored_as_given.__wrapped__(Version) is True
