"""XLIFF 2.1, XLIFF 1.2 and PO files opened and answered by translate-toolkit, then imported all or nothing."""

import pytest
from reversion.models import Version as Revision
from translate.storage import po, tmx, xliff2

from documents.models import Document
from events.models import Event
from tests.factories import DocumentFactory, EventFactory
from translations import inline
from translations.exchange import ImportRefused, Xliff12File, export, export_memory, import_file, segments
from translations.models import TranslationState, source_hash
from translations.tracking import remember

pytestmark = pytest.mark.django_db

BODY = '<p>The <a href="https://undocs.org/A/68/292">report</a> is <em>essential</em>.</p>'
BODY_FR = (
    '<p>Le <a href="https://undocs.org/A/68/292" rel="noopener noreferrer">rapport</a> est <em>essentiel</em>.</p>'
)


def answer_xliff(data, store_class, translations):
    """What an agency's tool does: open the file, fill each unit's target, save it (translate-toolkit)."""
    store = store_class.parsestring(data)
    version = "2.1" if store_class is xliff2.Xliff2File else "1.2"
    for unit in store.units:
        field = unit.getid().split(".")[3]
        if field in translations:
            unit.target = "-"
            inline.write_xml(unit.getlanguageNodes()[1], translations[field], version)
    return bytes(store)


@pytest.mark.parametrize(("fmt", "store_class"), [("xliff21", xliff2.Xliff2File), ("xliff12", Xliff12File)])
def test_xliff_round_trip_with_rich_text(fmt, store_class, editor):
    event = EventFactory(title="Dialogue", title_fr="", body=BODY, body_fr="")
    data = export(segments([event], "fr"), "fr", fmt)
    text = data.decode()

    assert ('version="2.1"' if fmt == "xliff21" else 'version="1.2"') in text
    assert "<a " not in text
    assert "&lt;a" not in text
    assert "https://undocs.org" not in text.split("<source>")[1].split("</source>")[0]
    paired = "pc" if fmt == "xliff21" else "g"
    assert (
        f'<{paired} id="1">The <{paired} id="2">report</{paired}> is <{paired} id="3">essential</{paired}>.</{paired}>'
        in text
    )

    answer = answer_xliff(
        data,
        store_class,
        {
            "title": ["Dialogue de haut niveau"],
            "body": [
                inline.Code("1", ["Le ", inline.Code("2", ["rapport"]), " est ", inline.Code("3", ["essentiel"]), "."])
            ],
        },
    )
    report = import_file(answer, "fr", user=editor)

    event.refresh_from_db()
    assert event.title_fr == "Dialogue de haut niveau"
    assert event.body_fr == BODY_FR
    assert {(change.field, change.after) for change in report.changes} == {
        ("title", "Dialogue de haut niveau"),
        ("body", BODY_FR),
    }
    assert Revision.objects.get_for_object(event).first().revision.comment == "Translation imported"


def test_xliff_import_of_english_stored_before_links_got_their_rel(editor):
    event = EventFactory(title="Dialogue", body=BODY, body_fr="")
    Event.objects.filter(pk=event.pk).update(body_en=BODY)  # as saved before links got a rel
    event.refresh_from_db()
    answer = answer_xliff(
        export(segments([event], "fr"), "fr", "xliff21"),
        xliff2.Xliff2File,
        {
            "body": [
                inline.Code("1", ["Le ", inline.Code("2", ["rapport"]), " est ", inline.Code("3", ["essentiel"]), "."])
            ]
        },
    )

    import_file(answer, "fr", user=editor)

    event.refresh_from_db()
    assert event.body_fr == BODY_FR


def test_po_round_trip_and_memory_prefill():
    remember("Report of the Secretary-General", "es", "Informe del Secretario General")
    document = DocumentFactory(
        title="Report of the Secretary-General", title_es="", description=BODY, description_es=""
    )

    data = export(segments([document], "es"), "es", "po")
    store = po.pofile.parsestring(data)
    units = {unit.getcontext().split(".")[3]: unit for unit in store.units if not unit.isheader()}
    title, description = units["title"], units["description"]

    assert title.target == "Informe del Secretario General"
    assert title.isfuzzy()
    assert "Pre-filled from the translation memory (exact match)." in title.getnotes()
    assert description.source == "{1}The {2}report{/2} is {3}essential{/3}.{/1}"
    description.target = "{1}El {2}informe{/2} es {3}esencial{/3}.{/1}"

    import_file(bytes(store), "es")

    document.refresh_from_db()
    assert document.title_es == "Informe del Secretario General"
    assert (
        document.description_es
        == '<p>El <a href="https://undocs.org/A/68/292" rel="noopener noreferrer">informe</a> es <em>esencial</em>.</p>'
    )


def test_outdated_translation_exported_and_cleared_by_import():
    document = DocumentFactory(title="Report", title_fr="Rapport")
    document.title_en = "Annual report"
    document.save()
    data = export(segments([document], "fr"), "fr", "po")
    store = po.pofile.parsestring(data)
    (unit,) = (unit for unit in store.units if unit.getcontext().split(".")[3:4] == ["title"])
    assert (unit.source, unit.target) == ("Annual report", "Rapport")
    unit.target = "Rapport annuel"

    import_file(bytes(store), "fr")

    assert not TranslationState.objects.of(document).outdated().filter(language="fr").exists()
    assert Document.objects.get(pk=document.pk).title_fr == "Rapport annuel"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "the English changed since the export."),
        ("fr", "l’anglais a été modifié depuis l’exportation."),
        ("es", "el inglés se ha modificado desde la exportación."),
    ],
)
def test_stale_or_broken_import_is_refused_whole(client, language, message):
    first = DocumentFactory(title="First report", title_fr="")
    second = DocumentFactory(title="Second report", title_fr="", description=BODY, description_fr="")
    data = export(segments([first, second], "fr"), "fr", "xliff21")
    store = xliff2.Xliff2File.parsestring(data)
    for unit in store.units:
        unit.target = "Rapport"
    Document.objects.filter(pk=second.pk).update(title_en="Second report, revised")

    from django.utils import translation

    with translation.override(language), pytest.raises(ImportRefused) as refused:
        import_file(bytes(store), "fr")

    assert any(error.endswith(message) for error in refused.value.report.errors), refused.value.report.errors
    assert Document.objects.get(pk=first.pk).title_fr == ""


def test_unsafe_or_unknown_markup_is_refused():
    event = EventFactory(title="Dialogue", body=BODY, body_fr="")
    data = export(segments([event], "fr"), "fr", "xliff12").decode()
    unit_id = f"events.event.{event.pk}.body."
    script = data.replace("</source>", '</source><target>Le <script xmlns="x">alert(1)</script></target>', 2)

    with pytest.raises(ImportRefused) as refused:
        import_file(script.encode(), "fr")

    errors = refused.value.report.errors
    assert any(unit_id in error and "only inline codes may be used" in error for error in errors), errors
    assert Event.objects.get(pk=event.pk).body_fr == ""


def test_unknown_unit_is_refused():
    document = DocumentFactory(title="Report", title_fr="")
    data = (
        export(segments([document], "fr"), "fr", "po").decode().replace(f"document.{document.pk}.", "document.999999.")
    )
    store = po.pofile.parsestring(data.encode())
    store.units[1].target = "Rapport"

    with pytest.raises(ImportRefused) as refused:
        import_file(bytes(store), "fr")

    unit_id = store.units[1].getcontext()
    assert unit_id.startswith("documents.document.999999.title.")
    assert refused.value.report.errors == [f"Unit “{unit_id}” names nothing in the portal."]


@pytest.mark.parametrize("pasted", ["Rapport du\x0bSecrétaire général", "Rapport du Secrétaire gÃ©nÃ©ral â\x80\x99"])
def test_a_translation_holding_a_control_character_is_refused(pasted):
    # A line break from a word processor (U+000B), or what is left of UTF-8 read as Latin-1 (C1 controls): the page
    # would not be valid HTML. Refused as the admin's fields refuse it.
    document = DocumentFactory(title="Report", title_fr="")
    store = po.pofile.parsestring(export(segments([document], "fr"), "fr", "po"))
    store.units[1].target = pasted

    with pytest.raises(ImportRefused) as refused:
        import_file(bytes(store), "fr")

    assert refused.value.report.errors == [
        f"Unit “{store.units[1].getcontext()}”: This text holds a control character, often pasted with a line break "
        "from a word processor: remove it."
    ]
    assert Document.objects.get(pk=document.pk).title_fr == ""


def test_memory_exported_as_tmx():
    remember("Report", "fr", "Rapport")
    remember("Report", "es", "Informe")

    store = tmx.tmxfile.parsestring(export_memory())

    assert sorted((unit.source, unit.target) for unit in store.units) == [("Report", "Informe"), ("Report", "Rapport")]


def round_trip_unchanged(objects, language, fmt):
    """Export ``objects`` with their translations into ``language``, and import the same bytes back."""
    return import_file(export(segments(objects, language, todo_only=False), language, fmt), language)


@pytest.mark.parametrize("fmt", ["xliff21", "xliff12", "po"])
@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("<p>Report: “Migrants”</p>", "<p>Rapport\u00a0: «\u00a0Migrants\u00a0»</p>"),
        ("<p>Report: “Migrants”!</p>", "<p>Rapport\u202f: «\u202fMigrants\u202f»\u202f!</p>"),
        ("<p>Trade &amp; migration</p>", "<p>Commerce &amp; migration, l&#39;avenir, &quot;dit-il&quot;</p>"),
        ("<p>Rights &#8212; all</p>", "<p>Droits &#x2014; tous, &lt;b&gt; n’est pas une balise</p>"),
        (
            '<p>See <a href="https://example.org/l\'homme?a=1&amp;b=&quot;2&quot;">this</a>.</p>',
            '<p>Voir <a href="https://example.org/l\'homme?a=1&amp;b=&quot;2&quot;">ceci</a>.</p>',
        ),
    ],
)
def test_unchanged_translation_with_entities_or_no_break_spaces_round_trips_with_nothing_changed(fmt, english, french):
    event = EventFactory(title="Dialogue", title_fr="Dialogue", body=english, body_fr=french)
    stored = Event.objects.get(pk=event.pk).body_fr

    report = round_trip_unchanged([event], "fr", fmt)

    assert report.changes == []
    assert Event.objects.get(pk=event.pk).body_fr == stored


def test_translators_no_break_spaces_and_ampersands_are_accepted():
    event = EventFactory(title="Dialogue", body="<p>Report: “Trade &amp; migration”</p>", body_fr="")
    store = po.pofile.parsestring(export(segments([event], "fr"), "fr", "po"))
    (unit,) = (unit for unit in store.units if unit.getcontext().split(".")[3:4] == ["body"])
    unit.target = "{1}Rapport\u00a0: «\u202fCommerce & migrations\u202f»{/1}"

    import_file(bytes(store), "fr")

    assert Event.objects.get(pk=event.pk).body_fr == "<p>Rapport&nbsp;: «\u202fCommerce &amp; migrations\u202f»</p>"


def test_new_translation_links_to_the_pages_in_its_own_language():
    linked = DocumentFactory(slug="a-res-63-225")
    event = EventFactory(
        title="Dialogue",
        body=f'<p>See <a href="/en/documents/{linked.slug}/#top">the resolution</a> and '
        '<a href="https://undocs.org/en/A/68/292">the report</a>.</p>',
        body_es="",
    )
    store = po.pofile.parsestring(export(segments([event], "es"), "es", "po"))
    (unit,) = (unit for unit in store.units if unit.getcontext().split(".")[3:4] == ["body"])
    unit.target = "{1}Véase {2}la resolución{/2} y {3}el informe{/3}.{/1}"

    import_file(bytes(store), "es")

    assert Event.objects.get(pk=event.pk).body_es == (
        f'<p>Véase <a href="/es/documents/{linked.slug}/#top" rel="noopener noreferrer">la resolución</a> y '
        '<a href="https://undocs.org/en/A/68/292" rel="noopener noreferrer">el informe</a>.</p>'
    )


@pytest.mark.parametrize("fmt", ["xliff21", "xliff12", "po"])
def test_unchanged_translation_whose_markup_comes_in_another_order_round_trips_with_nothing_changed(fmt):
    # Spanish puts the emphasis before the link where English puts it after: each keeps its own tag.
    event = EventFactory(
        title="Dialogue",
        title_es="Diálogo",
        body='<p>The <a href="/en/events/hld-2013/">dialogue</a> is <em>essential</em>.</p>',
        body_es='<p>Es <em>esencial</em> el <a href="/es/events/hld-2013/">diálogo</a>.</p>',
    )
    stored = Event.objects.get(pk=event.pk).body_es

    report = round_trip_unchanged([event], "es", fmt)

    assert report.changes == []
    assert Event.objects.get(pk=event.pk).body_es == stored


def test_translation_with_markup_the_english_lacks_is_refused_not_given_another_tag():
    # An editor emphasised a word in the admin where the English has a link: the emphasis stands for no English
    # tag, and taking the English one of the same number would silently turn that word into a link.
    event = EventFactory(
        title="Dialogue",
        title_fr="Dialogue",
        body='<p>The <a href="https://undocs.org/A/68/292">report</a>.</p>',
        body_fr="<p>Le <strong>premier</strong> rapport.</p>",
    )

    with pytest.raises(ImportRefused) as refused:
        round_trip_unchanged([event], "fr", "po")

    assert refused.value.report.errors == [
        f"Unit “events.event.{event.pk}.body.{source_hash(event.body_en)}”: Inline code 3 is not in the English."
    ]
