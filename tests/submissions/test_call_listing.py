"""A call's page lists its published submissions in pages: by category, Member States by country name in the
page's language, the others by organisation; a page lists at most a page of them with a fixed number of queries."""

import re
from html import unescape

import pytest

from submissions.models import Category
from submissions.views import CallDetailView
from tests.factories import CallFactory, SubmissionFactory, SubmissionFileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_page(monkeypatch):
    monkeypatch.setattr(CallDetailView, "paginate_by", 3)


@pytest.fixture
def call():
    """Two Member States and three organisations, published, made out of order; a submission in review."""
    call = CallFactory(slug="hld-call")
    for organisation, category, country in [
        ("Zeta Network", Category.CSO, ""),
        ("", Category.MEMBER_STATE, "EG"),
        ("Académie des migrations", Category.ACADEMIA, ""),
        ("Alpha Alliance", Category.CSO, ""),
        ("", Category.MEMBER_STATE, "DE"),
    ]:
        SubmissionFactory(call=call, organisation=organisation, category=category, country=country, status="published")
    SubmissionFactory(call=call, organisation="Still in review", status="received")
    return call


def listed(html):
    return re.findall(r"<li id=\"[^\"]+\">\s*<strong>(?:<bdi>)?([^<]+)", unescape(html))


def test_a_call_page_lists_a_page_of_submissions_keeping_the_order_across_pages(client, three_a_page, call):
    first = client.get("/fr/calls/hld-call/").content.decode()
    second = client.get("/fr/calls/hld-call/?page=2").content.decode()

    # "Allemagne" before "Égypte" in French: the order of names, not of country codes (DE, EG).
    assert listed(first) == ["Allemagne", "Égypte", "Alpha Alliance"]
    assert listed(second) == ["Zeta Network", "Académie des migrations"]
    assert first.index("États Membres") < first.index("Allemagne") < first.index("Société civile")
    # The civil society group goes on over the page break, under its heading again.
    assert second.index("Société civile") < second.index("Zeta Network") < second.index("Milieux universitaires")
    assert '<a href="?page=2" rel="next">Page suivante</a>' in first
    assert "Page 2 sur 2" in second
    assert "Still in review" not in first + second


def test_a_call_page_in_spanish_orders_member_states_by_their_spanish_names(client, three_a_page, call):
    html = client.get("/es/calls/hld-call/").content.decode()

    assert listed(html)[:2] == ["Alemania", "Egipto"]
    assert "Página 1 de 2" in html


@pytest.mark.parametrize(("number", "nearest"), [("3", "?page=2"), ("0", ""), ("x", "")])
def test_a_call_page_beyond_its_last_page_leads_to_the_nearest_as_the_lists_do(
    client, three_a_page, call, number, nearest
):
    response = client.get(f"/en/calls/hld-call/?page={number}")

    assert response.status_code == 302
    assert response["Location"] == f"/en/calls/hld-call/{nearest}"


def test_a_call_page_with_a_page_of_submissions_or_fewer_has_no_page_links(client, call):
    html = client.get("/en/calls/hld-call/").content.decode()

    assert listed(html) == ["Egypt", "Germany", "Alpha Alliance", "Zeta Network", "Académie des migrations"]
    assert 'class="pagination"' not in html


@pytest.mark.parametrize("submissions", [1, 12])
def test_a_call_page_queries_and_rows_do_not_grow_with_submissions(
    client, django_assert_num_queries, three_a_page, submissions
):
    call = CallFactory(slug="big")
    for _ in range(submissions):
        SubmissionFileFactory(submission__call=call, submission__status="published", publishable=True)

    # The call, the listing's order, the page's submissions, their files, and the navigation's open calls.
    with django_assert_num_queries(5):
        html = client.get("/en/calls/big/").content.decode()

    assert len(listed(html)) == min(submissions, 3)
    assert html.count("/submissions/files/") == min(submissions, 3)


def test_a_file_not_for_publication_is_listed_neither_on_its_call_page_nor_on_its_event_page(client):
    call = CallFactory(slug="files-call")
    submission = SubmissionFactory(call=call, organisation="Alpha Alliance", status="published")
    SubmissionFileFactory(submission=submission, original_name="statement.pdf", publishable=True)
    SubmissionFileFactory(submission=submission, original_name="internal-annex.pdf", publishable=False)

    pages = [client.get(path).content.decode() for path in ("/en/calls/files-call/", call.event.get_absolute_url())]

    for html in pages:
        assert "statement.pdf" in html
        assert "internal-annex.pdf" not in html
