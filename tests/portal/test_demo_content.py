"""The seed pages' facts, as loaded by load_demo, on the public site in three languages."""

import datetime
import io

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db

DEMO_MODELS = (
    "events.Event",
    "events.Session",
    "documents.Document",
    "documents.Version",
    "documents.EventDocument",
    "submissions.Call",
    "submissions.Submission",
    "submissions.SubmissionFile",
    "submissions.Decision",
)

SEED_FACTS = {
    "en": [
        "High-Level Dialogue on International Migration and Development",
        "3-4 October 2013",
        "identifying concrete measures to strengthen coherence and cooperation at all levels",
        "68th session of the General Assembly",
        "A/RES/63/225",
        "A/RES/67/219",
        "A/RES/67/172",
        "paragraphs 10(a) and 15",
        "A/68/292",
        "Plenary meeting 4",
        "Round Table 4",
        "International and regional labour mobility and its impact on development",
        "Migration and Human Rights: improving human rights-based governance of international migration",
        "Expert meeting on human rights, migration and governance",
        "High-Level Meeting on Migration and Human Rights",
        "September 2006",
    ],
    "fr": [
        "Dialogue de haut niveau sur les migrations internationales et le développement",
        "3-4 octobre 2013",
        "définir des mesures concrètes visant à renforcer la cohérence et la coopération",
        "68e session de l’Assemblée générale",
        "A/RES/67/172",
        "paragraphes 10 a) et 15",
        "Table ronde 4",
        "Mobilité internationale et régionale de la main-d’",
        "Réunion d’experts sur les droits de l’homme, les migrations et la gouvernance",
        "Réunion de haut niveau sur les migrations et les droits de l’homme",
        "septembre 2006",
    ],
    "es": [
        "Diálogo de alto nivel sobre la migración internacional y el desarrollo",
        "3-4 de octubre de 2013",
        "determinar medidas concretas para fortalecer la coherencia y la cooperación",
        "68º período de sesiones de la Asamblea General",
        "A/RES/67/172",
        "párrafos 10 a) y 15",
        "Mesa redonda 4",
        "La movilidad laboral internacional y regional",
        "Reunión de expertos sobre derechos humanos, migración y gobernanza",
        "Reunión de alto nivel sobre la migración y los derechos humanos",
        "septiembre de 2006",
    ],
}


def snapshot():
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in DEMO_MODELS}


def test_load_demo_twice_changes_nothing(demo, media_root):
    first = snapshot()
    files = sorted(media_root.rglob("*"))

    call_command("load_demo", stdout=io.StringIO())

    assert snapshot() == first
    assert sorted(media_root.rglob("*")) == files
    assert {label: len(rows) for label, rows in first.items()} == {
        "events.Event": 4,
        "events.Session": 8,
        "documents.Document": 6,
        "documents.Version": 28,
        "documents.EventDocument": 7,
        "submissions.Call": 1,
        "submissions.Submission": 3,
        "submissions.SubmissionFile": 3,
        "submissions.Decision": 6,
    }


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_seed_facts_are_on_the_event_page_in_each_language(client, demo, language):
    html = client.get(f"/{language}/events/hld-2013/").content.decode()

    for fact in SEED_FACTS[language]:
        assert fact in html, fact


def test_before_the_event_the_page_announces_it_as_seed_000_did(client, demo):
    with time_machine.travel(datetime.datetime(2013, 9, 1, tzinfo=datetime.UTC), tick=False):
        html = client.get("/en/events/hld-2013/").content.decode()

    assert "will hold a second High Level Dialogue on International Migration and Development" in html
    assert "Will be held on 3-4 October 2013 in New York." in html
    assert "was held" not in html.lower().replace("was held on", "")


def test_after_the_event_the_page_is_the_archive_of_seed_001(client, demo):
    html = client.get("/en/events/hld-2013/").content.decode()

    assert "Was held on 3-4 October 2013 in New York." in html
    assert "the United Nations General Assembly held its second High-Level Dialogue (HLD)" in html
    assert "will hold a second" not in html


def test_the_human_rights_report_offers_english_french_and_spanish(client, demo):
    html = client.get("/en/documents/migration-human-rights-governance-2013/").content.decode()

    for name in ("English", "Français", "Español"):
        assert f'<span lang="{name[:2].lower()}">{name}</span>' in html
    assert "Русский" not in html


def test_geneva_meeting_has_live_coverage_before_it_starts(client, demo):
    with time_machine.travel(datetime.datetime(2013, 9, 1, tzinfo=datetime.UTC), tick=False):
        html = client.get("/en/events/high-level-meeting-geneva-2013/").content.decode()

    assert "Follow the live stream on 4 September 2013" in html
    assert "#migrationHR" in html
