"""The RSS and Atom feeds, read by feedparser as feed readers do, and checked against RFC 4287 by hand."""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
from django.contrib.auth.models import User

from records.models import Delegation, Statement, StatementFile
from submissions import services
from submissions.models import Status, Submission
from tests.factories import CallFactory, DocumentFactory, SessionFactory, SubmissionFactory, SubmissionFileFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["documents", "submissions"]
LANGUAGES = ["en", "fr", "es"]
# RFC 3339 date-time, as RFC 4287, 3.3 requires.
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
ENTITY_NOISE = re.compile(r"&(?:[a-z]+|#\d+);")


def is_absolute_iri(text):
    parts = urlsplit(text or "")
    return bool(parts.scheme) and (parts.scheme == "urn" or bool(parts.netloc)) and " " not in text


def check_atom(root, site="https://portal.example.org/"):
    """RFC 4287's MUSTs for a feed and its entries (sections 4.1.1, 4.1.2, 4.2), as a reader relies on them."""
    assert root.tag == f"{ATOM}feed"
    assert is_absolute_iri(root.findtext(f"{ATOM}id"))
    assert root.findtext(f"{ATOM}title")
    assert DATE_TIME.match(root.findtext(f"{ATOM}updated"))
    feed_has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    assert [link.get("href") for link in root.findall(f"{ATOM}link[@rel='self']")]
    entries = root.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert is_absolute_iri(entry.findtext(f"{ATOM}id")), entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}title")
        assert DATE_TIME.match(entry.findtext(f"{ATOM}updated") or "")
        assert feed_has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        [alternate] = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert alternate.get("href").startswith(site)
        summary = entry.find(f"{ATOM}summary")
        if summary is not None:
            assert summary.get("type") == "text"
            assert not list(summary), "a text summary has no child elements"
            assert not ENTITY_NOISE.search(summary.text or ""), summary.text
            assert "<" not in (summary.text or "")
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", FEEDS)
def test_atom_feeds_pass_feedparser_and_rfc_4287(client, demo, name, language):
    response = client.get(f"/{language}/feeds/{name}.atom")

    parsed = feedparser.parse(response.content)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.author
    assert parsed.feed.link.startswith(f"https://portal.example.org/{language}/")
    entries = check_atom(ET.fromstring(response.content))
    assert len(entries) == len(parsed.entries) > 0
    for entry in parsed.entries:
        assert entry.updated_parsed
        assert "&nbsp;" not in entry.get("summary", "")
        assert "&amp;" not in entry.get("summary", "")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", FEEDS)
def test_rss_feeds_pass_feedparser(client, demo, name, language):
    response = client.get(f"/{language}/feeds/{name}.rss")

    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.link.startswith(f"https://portal.example.org/{language}/")
    assert parsed.entries
    guids = [entry.id for entry in parsed.entries]
    assert len(set(guids)) == len(guids)
    for entry in parsed.entries:
        assert entry.link.startswith("https://portal.example.org/")
        assert is_absolute_iri(entry.id)
        assert entry.published_parsed
        assert not ENTITY_NOISE.search(entry.get("summary", ""))


def test_summaries_keep_paragraph_breaks_and_decode_entities(client):
    DocumentFactory(
        description="<p>At the international level.</p><p>OHCHR consulted States &amp; others.</p>",
        description_fr="<p>Au niveau international&nbsp;:</p><p>le HCDH a consulté.</p>",
    )

    english = ET.fromstring(client.get("/en/feeds/documents.atom").content)
    french = feedparser.parse(client.get("/fr/feeds/documents.rss").content)

    summary = english.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "At the international level.\n\nOHCHR consulted States & others."
    # RSS readers take a description for HTML: the paragraph break is written as one.
    assert french.entries[0].summary == "Au niveau international\u00a0:<br />\n<br />\nle HCDH a consulté."


def test_rss_readers_show_plain_texts_as_typed(client):
    DocumentFactory(symbol="A/68/902", title="R&D <b>bold</b> claims", description="<p>Costs &lt;i&gt; &amp; gains</p>")

    entry = feedparser.parse(client.get("/en/feeds/documents.rss").content).entries[0]

    # Read as HTML, as RSS readers read it (RSS cannot say "text"): the tag typed is text, not bold.
    assert entry.title_detail.type == "text/html"
    assert entry.title == "A/68/902 – R&amp;D &lt;b&gt;bold&lt;/b&gt; claims"
    assert entry.summary == "Costs &lt;i&gt; &amp; gains"


def test_submission_entries_have_an_author_and_stable_iri_ids(client, settings):
    SubmissionFactory(organisation="IOM", title="Labour mobility", status="published", reference="HLD2013-0003")

    before = check_atom(ET.fromstring(client.get("/en/feeds/submissions.atom").content))
    settings.SITE_URL = "https://elsewhere.example.net"
    after = check_atom(ET.fromstring(client.get("/fr/feeds/submissions.atom").content), site=settings.SITE_URL)

    [entry] = before
    assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert entry.findtext(f"{ATOM}id") == after[0].findtext(f"{ATOM}id")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "IOM"
    assert entry.findtext(f"{ATOM}updated").startswith(str(datetime.date.today().year))


@pytest.mark.parametrize("name", ["documents.atom", "documents.rss"])
def test_a_scheduled_document_leads_the_feed_when_its_time_comes(client, time_machine, name):
    # Created in January to go public on 1 March; thirty documents are published in between.
    time_machine.move_to(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), tick=False)
    DocumentFactory(
        symbol="A/68/900", title="Scheduled report", publish_from=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)
    )
    time_machine.move_to(datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC), tick=False)
    DocumentFactory.create_batch(30)
    time_machine.move_to(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), tick=False)

    feed = feedparser.parse(client.get(f"/en/feeds/{name}").content)

    assert not feed.bozo
    assert len(feed.entries) == 30
    first = feed.entries[0]
    assert first.title == "A/68/900 – Scheduled report"
    assert first.published_parsed[:5] == (2026, 3, 1, 9, 0)
    if name.endswith(".atom"):
        # Never updated before it was published: readers that sort by the update would place it below older news.
        assert first.updated_parsed[:5] == (2026, 3, 1, 9, 0)


@pytest.mark.parametrize(("name", "feed_path"), [("document", "documents.rss"), ("statement", "statements.atom")])
def test_a_draft_published_weeks_later_leads_the_feed_dated_the_day_it_was_published(
    editor_client, time_machine, name, feed_path
):
    """Written as a draft in January, published from the admin's list on 1 March: news that day, even after thirty
    items published in between (the feed dated it January and left it out)."""
    session = SessionFactory()
    delegation = Delegation.objects.create(kind="igo", slug="iom", name="International Organization for Migration")
    orders = iter(range(1, 100))

    def make(**fields):
        if name == "document":
            return DocumentFactory(**fields)
        return Statement.objects.create(session=session, delegation=delegation, order=next(orders), **fields)

    time_machine.move_to(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), tick=False)
    draft = make(status="draft")
    time_machine.move_to(datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC), tick=False)
    for _n in range(30):
        make(status="published")
    time_machine.move_to(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), tick=False)
    app = draft._meta.app_label
    editor_client.post(f"/admin/{app}/{name}/", {"action": "publish", "_selected_action": [draft.pk]})

    feed = feedparser.parse(editor_client.get(f"/en/feeds/{feed_path}").content)

    assert not feed.bozo
    assert len(feed.entries) == 30
    assert feed.entries[0].link.endswith(draft.get_absolute_url())
    assert feed.entries[0].published_parsed[:5] == (2026, 3, 1, 10, 0)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_control_character_pasted_into_a_text_leaves_the_feeds_readable(client, kind):
    # A line break pasted from a word processor is U+000B, which XML 1.0 cannot hold: each feed was an error page.
    DocumentFactory(symbol="A/68/901", title="Report\x0bof the Secretary-General", description="<p>One\x08two</p>")
    session = SessionFactory(title="Round\x0cTable 1")
    delegation = Delegation.objects.create(kind="igo", slug="iom", name="International\x0bOrganization for Migration")
    Statement.objects.create(session=session, delegation=delegation, order=1, status="published", speaker_name="A\x01B")

    documents = feedparser.parse(client.get(f"/en/feeds/documents.{kind}").content)
    statements = feedparser.parse(client.get(f"/en/feeds/statements.{kind}").content)

    assert not documents.bozo
    assert not statements.bozo
    assert documents.entries[0].title == "A/68/901 – Report of the Secretary-General"
    assert documents.entries[0].summary == "One two"
    assert statements.entries[0].title.startswith("International Organization for Migration – Round Table 1 (")
    assert statements.entries[0].summary.startswith({"rss": "A B<br />\n", "atom": "A B\n"}[kind])


def at(month, day, hour=9):
    return datetime.datetime(2026, month, day, hour, tzinfo=datetime.UTC)


def decide(time_machine, moment, submission, status):
    """A moderator moves ``submission`` to ``status`` at ``moment``."""
    time_machine.move_to(moment, tick=False)
    moderator, _new = User.objects.get_or_create(username="moderator")
    services.change_status(submission=submission, to_status=status, actor=moderator)


def erase_contact_details_in_september(time_machine, *submissions):
    time_machine.move_to(at(9, 1), tick=False)
    for submission in submissions:
        services.erase_personal_data(submission=submission, actor=User.objects.get(username="moderator"))


def submission_titles(feed):
    return [entry.title.split(": ")[1] for entry in feed.entries]


def test_submissions_are_dated_by_their_publication_not_by_a_later_erasure(client, time_machine):
    first, second = SubmissionFactory(title="First"), SubmissionFactory(title="Second")
    for published in (first, second):
        SubmissionFileFactory(submission=published)
    decide(time_machine, at(3, 1), first, Status.PUBLISHED)
    decide(time_machine, at(3, 2), second, Status.PUBLISHED)
    # Months later, the first submitter's contact details are erased: nothing the feed shows changes.
    erase_contact_details_in_september(time_machine, first)

    feed = feedparser.parse(client.get("/en/feeds/submissions.rss").content)

    assert submission_titles(feed) == ["Second", "First"]
    assert [entry.published_parsed[:3] for entry in feed.entries] == [(2026, 3, 2), (2026, 3, 1)]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_submission_received_first_and_published_last_leads_the_submissions_feed_of_many(client, time_machine, kind):
    """Received in January, published on 1 March after thirty-five others: first in the feed, dated 1 March, and
    still there after its contact details are erased in September; the feed holds the thirty published last."""
    call = CallFactory()
    time_machine.move_to(at(1, 5), tick=False)
    late = SubmissionFactory(call=call, title="Received first")
    others = [SubmissionFactory(call=call, title=f"Published {hour}") for hour in range(1, 36)]
    for submission in [late, *others]:
        SubmissionFileFactory(submission=submission)
    for hour, submission in enumerate(others, start=1):
        decide(time_machine, at(2, 1) + datetime.timedelta(hours=hour), submission, Status.PUBLISHED)
    decide(time_machine, at(3, 1, 10), late, Status.PUBLISHED)
    erase_contact_details_in_september(time_machine, late, others[0])

    feed = feedparser.parse(client.get(f"/en/feeds/submissions.{kind}").content)

    assert not feed.bozo
    assert submission_titles(feed) == ["Received first", *(f"Published {hour}" for hour in range(35, 6, -1))]
    assert feed.entries[0].published_parsed[:5] == (2026, 3, 1, 10, 0)
    assert feed.entries[1].published_parsed[:5] == (2026, 2, 2, 20, 0)


def test_a_submission_published_again_is_dated_by_its_new_publication(client, time_machine):
    submission, other = SubmissionFactory(title="Reviewed again"), SubmissionFactory(title="Other")
    for published in (submission, other):
        SubmissionFileFactory(submission=published)
    decide(time_machine, at(1, 5), submission, Status.PUBLISHED)
    decide(time_machine, at(1, 6), submission, Status.UNDER_REVIEW)
    decide(time_machine, at(1, 6, 10), other, Status.PUBLISHED)
    in_review = feedparser.parse(client.get("/en/feeds/submissions.rss").content)
    decide(time_machine, at(2, 1), submission, Status.PUBLISHED)

    feed = feedparser.parse(client.get("/en/feeds/submissions.rss").content)

    assert submission_titles(in_review) == ["Other"]
    assert submission_titles(feed) == ["Reviewed again", "Other"]
    assert feed.entries[0].published_parsed[:3] == (2026, 2, 1)


def test_a_submission_entry_is_never_updated_before_it_was_published(client):
    submission = SubmissionFactory(title="Published in one write", status=Status.PUBLISHED)
    # A write that publishes a submission (the admin, a bulk load) stamps updated_at, then published_at, microseconds
    # apart.
    Submission.objects.filter(pk=submission.pk).update(
        updated_at=at(3, 1), published_at=at(3, 1) + datetime.timedelta(microseconds=5)
    )

    [entry] = ET.fromstring(client.get("/en/feeds/submissions.atom").content).findall(f"{ATOM}entry")

    published = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    assert (
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        == published
        == at(3, 1) + datetime.timedelta(microseconds=5)
    )


@pytest.mark.parametrize("count", [1, 40])
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_submissions_feed_queries_do_not_grow_with_items(client, django_assert_num_queries, kind, count):
    call = CallFactory()
    for _n in range(count):
        SubmissionFactory(call=call, status=Status.PUBLISHED)

    with django_assert_num_queries(1):
        response = client.get(f"/en/feeds/submissions.{kind}")

    assert len(feedparser.parse(response.content).entries) == min(count, 30)


def test_feeds_and_their_entries_keep_their_ids_when_their_addresses_change(client, settings):
    document = DocumentFactory(slug="report")
    first, second = SessionFactory(), SessionFactory()
    delegation = Delegation.objects.create(kind="igo", slug="iom", name="IOM")
    statement = Statement.objects.create(session=first, delegation=delegation, order=1, status="published")

    def ids():
        documents = check_atom(ET.fromstring(client.get("/en/feeds/documents.atom").content), site=settings.SITE_URL)
        statements = check_atom(ET.fromstring(client.get("/en/feeds/statements.atom").content), site=settings.SITE_URL)
        return [entry.findtext(f"{ATOM}id") for entry in documents + statements]

    def feed_id(address):
        return ET.fromstring(client.get(address).content).findtext(f"{ATOM}id")

    before = ids()
    english_feed_id = feed_id("/en/feeds/documents.atom")
    # An editor corrects the slug and the session; the site moves to its own domain.
    document.slug = "report-of-the-secretary-general"
    document.save()
    statement.session = second
    statement.save()
    settings.SITE_URL = "https://migration.example.org"
    after = ids()

    assert after == before
    assert all(entry_id.startswith("urn:uuid:") for entry_id in after)
    assert feed_id("/fr/feeds/documents.atom") != feed_id("/en/feeds/documents.atom") == english_feed_id
    rss = feedparser.parse(client.get("/en/feeds/documents.rss").content)
    assert rss.entries[0].id == before[0]
    assert rss.entries[0].link == "https://migration.example.org/en/documents/report-of-the-secretary-general/"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_tells_a_reader_it_changed_whenever_its_text_does(client, kind):
    session = SessionFactory(title="Round Table 1")
    delegation = Delegation.objects.create(kind="igo", slug="iom", name="IOM")
    statement = Statement.objects.create(session=session, delegation=delegation, order=1, status="published")
    StatementFile.objects.create(statement=statement, language="en", url="https://example.org/en.pdf")

    def read():
        response = client.get(f"/en/feeds/statements.{kind}")
        validator = (response.get("ETag"), response.get("Last-Modified"))
        return feedparser.parse(response.content).entries[0], validator

    before, first = read()
    # The French text is posted, then the session is renamed: no item's own date changes.
    StatementFile.objects.create(statement=statement, language="fr", url="https://example.org/fr.pdf")
    translated, second = read()
    session.title = "Round Table 1 (resumed)"
    session.save()
    renamed, third = read()

    assert (before.summary, translated.summary) == ("Languages: E", "Languages: E F")
    assert "(resumed)" in renamed.title
    assert len({first, second, third}) == 3
    assert all(validator[0] for validator in (first, second, third))


@pytest.mark.parametrize(("language", "name"), [("en", "HLD Portal"), ("fr", "Portail DHN"), ("es", "Portal DAN")])
def test_feeds_name_their_author_in_their_language(client, language, name):
    DocumentFactory()

    feed = feedparser.parse(client.get(f"/{language}/feeds/documents.atom").content)

    assert feed.feed.author == name
