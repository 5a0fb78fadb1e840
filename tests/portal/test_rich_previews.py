"""What search engines and social networks read in each page's head: Open Graph, hreflang, canonical, schema.org
(extracted with extruct and checked against Google's Event requirements), in three languages."""

import datetime
import re
from html.parser import HTMLParser

import extruct
import pytest

from events.models import Event
from tests.factories import DocumentFactory, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es"]
PAGES = [
    "/{lang}/",
    "/{lang}/events/",
    "/{lang}/events/hld-2013/",
    "/{lang}/events/hld-2013/round-table-2/",
    "/{lang}/events/hld-2013/plenary-1/",
    "/{lang}/events/high-level-meeting-geneva-2013/",
    "/{lang}/documents/",
    "/{lang}/documents/a-res-63-225/",
    "/{lang}/documents/a-res-67-219/",
    "/{lang}/calls/protection-of-migrants-2013/",
    "/{lang}/calls/protection-of-migrants-2013/submit/",
    "/{lang}/search/?q=migration",
]
SITE = "https://portal.example.org"


class Head(HTMLParser):
    """The head's meta properties and links, as a crawler reads them."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.title, self._in_title = {}, [], "", False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(attrs.get("property") or attrs.get("name"), attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False

    def link(self, rel):
        return [link["href"] for link in self.links if link.get("rel") == rel and "hreflang" not in link]

    def alternates(self):
        return {link["hreflang"]: link["href"] for link in self.links if link.get("hreflang")}


def head_of(client, address):
    response = client.get(address)
    assert response.status_code in (200, 404), address
    return Head(response.content.decode())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_its_own_open_graph_title_description_and_image(client, demo, lang):
    heads = {page: head_of(client, page.format(lang=lang)) for page in PAGES}

    titles = [head.meta["og:title"] for head in heads.values()]
    descriptions = [head.meta["og:description"] for head in heads.values()]
    assert len(set(titles)) == len(PAGES), titles
    assert len(set(descriptions)) >= len(PAGES) - 1, descriptions  # the home page says what the site is
    for page, head in heads.items():
        assert head.title.startswith(head.meta["og:title"]), page
        assert head.meta["og:description"] == head.meta["description"]
        assert not re.search(r"&(?:[a-z]+|#\d+);|<", head.meta["og:description"]), head.meta["og:description"]
        # The site's share image, or the page's own lead photo (served by the site, never a plain file).
        assert head.meta["og:image"] == f"{SITE}/static/img/share.png" or head.meta["og:image"].startswith(
            f"{SITE}/images/"
        ), page
        assert head.meta["og:url"] == head.link("canonical")[0]


def test_og_title_is_the_translated_name(client, demo):
    assert head_of(client, "/fr/events/hld-2013/round-table-2/").meta["og:title"].startswith("Table ronde 2 · ")
    assert head_of(client, "/es/documents/").meta["og:title"] == "Documentos"


def test_hreflang_names_only_the_languages_a_page_is_translated_into(client):
    EventFactory(slug="english-only", title_fr="", title_es="", city_fr="", city_es="")
    EventFactory(slug="translated")

    english_only = head_of(client, "/fr/events/english-only/")
    translated = head_of(client, "/fr/events/translated/")

    assert english_only.alternates() == {
        "en": f"{SITE}/en/events/english-only/",
        "x-default": f"{SITE}/events/english-only/",
    }
    assert set(translated.alternates()) == {"en", "fr", "es", "x-default"}
    # The French page of the English text is a copy of the English page, and says so.
    assert english_only.link("canonical") == [f"{SITE}/en/events/english-only/"]
    assert translated.link("canonical") == [f"{SITE}/fr/events/translated/"]


def test_canonical_and_alternates_agree_on_pages_with_a_query_string(client):
    DocumentFactory.create_batch(30, doc_type="report")

    head = head_of(client, "/fr/documents/?q=&type=report&page=2&utm_source=x")

    assert head.link("canonical") == [f"{SITE}/fr/documents/?page=2"]
    assert head.alternates() == {
        "en": f"{SITE}/en/documents/?page=2",
        "fr": f"{SITE}/fr/documents/?page=2",
        "es": f"{SITE}/es/documents/?page=2",
        "x-default": f"{SITE}/documents/?page=2",
    }
    assert head_of(client, "/en/documents/?type=report").link("canonical") == [f"{SITE}/en/documents/"]


@pytest.mark.parametrize("asked", ["last", "02", "%202"])
def test_canonical_names_the_page_shown_not_the_number_asked(client, asked):
    DocumentFactory.create_batch(30, doc_type="report")

    response = client.get(f"/en/documents/?page={asked}")
    head = Head(response.content.decode())

    assert "Page 2 of 2" in response.content.decode()
    assert head.link("canonical") == [f"{SITE}/en/documents/?page=2"]
    assert head.alternates()["fr"] == f"{SITE}/fr/documents/?page=2"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_not_found_page_points_at_each_language_home(client, lang):
    response = client.get(f"/{lang}/no-such-page/")
    head = Head(response.content.decode())
    html = response.content.decode()

    assert response.status_code == 404
    assert head.link("canonical") == []
    assert head.alternates() == {"en": f"{SITE}/en/", "fr": f"{SITE}/fr/", "es": f"{SITE}/es/"}
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert "no-such-page" not in switcher
    others = [code for code in LANGUAGES if code != lang]
    for code in others:
        assert f'href="/{code}/" hreflang="{code}"' in switcher


def events_in(client, address):
    html = client.get(address).content.decode()
    data = extruct.extract(html, base_url=SITE + address, syntaxes=["json-ld"], uniform=True)["json-ld"]
    return [item for item in data if item.get("@type") == "Event"]


def check_google_event(event):
    """Google's Event rich result: required name, startDate, location (a Place with an address or a
    VirtualLocation with a url); recommended description, endDate, eventStatus, image, organizer (name, url)."""
    assert event["name"]
    assert re.match(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?$", event["startDate"])
    locations = event["location"] if isinstance(event["location"], list) else [event["location"]]
    for location in locations:
        if location["@type"] == "Place":
            assert location["address"]["addressLocality"]
            assert location["address"]["addressCountry"]
        else:
            assert location["@type"] == "VirtualLocation"
            assert location["url"].startswith("https://")
    assert event["endDate"] >= event["startDate"]
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["image"][0].startswith(SITE)
    assert event["organizer"]["name"]
    assert event["organizer"]["url"].startswith("https://")
    assert event["description"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_event_lists_its_sessions_as_sub_events(client, programme, lang):
    [event] = events_in(client, f"/{lang}/events/hld-2013/")

    check_google_event(event)
    assert event["url"] == f"{SITE}/{lang}/events/hld-2013/"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["organizer"]["url"] == "https://www.un.org/en/ga/"
    assert len(event["subEvent"]) == 8
    first = event["subEvent"][0]
    assert first["url"] == f"{SITE}/{lang}/events/hld-2013/plenary-1/"
    assert first["startDate"] == "2013-10-03T10:00:00-04:00"
    assert first["endDate"] == "2013-10-03T13:00:00-04:00"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_session_page_is_an_event_within_its_event(client, programme, lang):
    [session] = events_in(client, f"/{lang}/events/hld-2013/round-table-2/")

    check_google_event(session)
    assert session["superEvent"]["@id"] == f"{SITE}/{lang}/events/hld-2013/#event"
    assert session["startDate"].startswith("2013-10-03T")


def test_a_webcast_meeting_is_attended_in_person_and_online(client, demo):
    # The demo states no webcast address it cannot source (issue 14); an editor enters one.
    Event.objects.filter(slug="high-level-meeting-geneva-2013").update(live_stream_url="https://webtv.un.org/")

    [event] = events_in(client, "/en/events/high-level-meeting-geneva-2013/")

    check_google_event(event)
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [location["@type"] for location in event["location"]] == ["Place", "VirtualLocation"]
    assert event["location"][1]["url"] == "https://webtv.un.org/"
    assert event["location"][0]["address"]["addressCountry"] == "CH"


def test_a_session_without_a_date_is_no_event(client, demo):
    # The demo's round tables have no date (the seeds give none): an Event without a startDate is an error to Google.
    html = client.get("/en/events/hld-2013/round-table-1/").content.decode()

    assert events_in(client, "/en/events/hld-2013/round-table-1/") == []
    assert "application/ld+json" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_event_a_session_belongs_to_is_a_complete_event_too(client, programme, lang):
    # Google checks every Event it finds, the nested superEvent included: name, startDate and location required.
    [session] = events_in(client, f"/{lang}/events/hld-2013/round-table-2/")

    event = session["superEvent"]
    assert event["@type"] == "Event"
    assert event["name"]
    assert (event["startDate"], event["endDate"]) == ("2013-10-03", "2013-10-04")
    assert event["location"]["@type"] == "Place"
    city = {"en": "New York", "fr": "New York", "es": "Nueva York"}[lang]
    assert event["location"]["address"] == {"@type": "PostalAddress", "addressLocality": city, "addressCountry": "US"}


def empty_values(data, path="$"):
    """Where ``data`` holds a null, an empty text or list, or an object with nothing but its type."""
    if isinstance(data, dict):
        found = [path] if set(data) <= {"@type"} else []
        return found + [place for key, value in data.items() for place in empty_values(value, f"{path}.{key}")]
    if isinstance(data, list):
        return ([path] if not data else []) + [
            p for i, value in enumerate(data) for p in empty_values(value, f"{path}[{i}]")
        ]
    return [path] if data in (None, "") else []


def test_a_webcast_without_a_place_is_an_online_event_with_no_empty_values(client):
    # A webinar: no venue, city or country, no organiser; one timed session.
    event = EventFactory(slug="webinar", city="", city_fr="", city_es="", live_stream_url="https://webtv.un.org/")
    SessionFactory(event=event, number=1, date=event.start_date, start_time=datetime.time(10))

    [data] = events_in(client, "/en/events/webinar/")
    [session] = events_in(client, "/en/events/webinar/round-table-1/")

    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == [{"@type": "VirtualLocation", "url": "https://webtv.un.org/"}]
    assert data["subEvent"][0]["location"] == data["location"]
    assert session["location"] == data["location"]
    assert empty_values(data) == []
    assert empty_values(session) == []


def test_a_meeting_whose_place_is_not_given_yet_is_no_event_for_search_engines(client):
    # Google refuses an Event without a location, and reports the page; it becomes one once the place is entered.
    event = EventFactory(slug="somewhere", city="", city_fr="", city_es="", venue="", country="")
    SessionFactory(event=event, number=1, date=event.start_date, start_time=datetime.time(10))

    assert events_in(client, "/en/events/somewhere/") == []
    assert events_in(client, "/en/events/somewhere/round-table-1/") == []
    event.city = "Geneva"
    event.save()
    [data] = events_in(client, "/en/events/somewhere/")
    assert data["location"]["address"]["addressLocality"] == "Geneva"


def test_an_event_shown_in_english_on_the_french_page_says_its_text_is_english(client):
    EventFactory(slug="english-only", title_fr="", title_es="")
    EventFactory(slug="translated")

    [english] = events_in(client, "/fr/events/english-only/")
    [french] = events_in(client, "/fr/events/translated/")

    assert (english["inLanguage"], french["inLanguage"]) == ("en", "fr")


def test_a_session_with_its_own_photo_shows_it_to_search_engines_as_to_social_networks(client, media_root):
    from events.demo import stand_in_image

    event = EventFactory(slug="hld")
    session = SessionFactory(event=event, number=1, date=event.start_date, image_alt="Round table")
    session.image.save("photo.png", stand_in_image())

    [data] = events_in(client, "/en/events/hld/round-table-1/")
    head = head_of(client, "/en/events/hld/round-table-1/")

    assert head.meta["og:image"] == f"{SITE}{session.image_url}"
    assert data["image"] == [head.meta["og:image"]]
