"""What surrounds every page's content: the navigation, the footer and the head's links, the parts written once per
language ({% constant %}, common/templatetags/constant.py) included."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings

from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def navigation(html):
    return html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index('<nav class="site-nav"'))]


def test_the_navigation_marks_the_page_and_the_section_it_is_in(client):
    DocumentFactory(slug="a-68-292")

    home = navigation(client.get("/en/").content.decode())
    library = navigation(client.get("/en/documents/").content.decode())
    document = navigation(client.get("/en/documents/a-68-292/").content.decode())

    assert '<a href="/en/" aria-current="page">Home</a>' in home
    assert home.count("aria-current") == 1
    assert '<a href="/en/documents/" aria-current="page">Documents</a>' in library
    assert '<a href="/en/">Home</a>' in library
    assert '<a href="/en/documents/" aria-current="true">Documents</a>' in document
    assert document.count("aria-current") == 1


@pytest.mark.parametrize(
    ("language", "footer_link", "nav_link"),
    [
        ("fr", "Calendrier des événements (iCal)", '<a href="/fr/events/">Événements</a>'),
        ("es", "Calendario de eventos (iCal)", '<a href="/es/events/">Eventos</a>'),
        ("en", "Calendar of events (iCal)", '<a href="/en/events/">Events</a>'),
    ],
)
def test_the_parts_written_once_follow_each_language(client, language, footer_link, nav_link):
    # Every language in turn in one process: a part written once for one language is never shown in another.
    for other in ("en", "fr", "es"):
        client.get(f"/{other}/documents/")

    html = client.get(f"/{language}/documents/").content.decode()

    assert f'<a href="/{language}/events/calendar.ics">{footer_link}</a>' in html
    assert nav_link in html
    assert '<link rel="alternate" type="application/rss+xml" title="' in html
    assert f'href="/{language}/feeds/documents.rss"' in html
    assert '<link rel="alternate" type="application/atom+xml" title="' in html
    for feed in ("documents", "submissions", "statements"):
        assert f'href="/{language}/feeds/{feed}.atom"' in html


def test_the_parts_written_once_follow_the_settings(client, settings):
    client.get("/en/")

    with override_settings(SITE_NAME="Migration Portal", SITE_URL="https://portal.example.org"):
        html = client.get("/en/").content.decode()

    assert '<meta property="og:site_name" content="Migration Portal">' in html
    assert "Migration Portal carries the events, documents and written submissions" in html
    assert 'content="https://portal.example.org/static/' in html


@pytest.mark.parametrize(
    "inside",
    [
        "{{ object.title }}",
        "{{ SITE_NAME|upper }}",
        "{% if SITE_NAME %}x{% endif %}",
        "{% url 'documents:detail' slug %}",
        "{% url 'portal:home' as home %}",
        "{% translate title %}",
        "{% blocktranslate %}{{ count }} documents{% endblocktranslate %}",
        "{% include 'includes/footer.html' %}",
        "{% static path %}",
    ],
)
def test_a_part_written_once_refuses_what_may_differ_between_pages(inside):
    with pytest.raises(TemplateSyntaxError, match="may differ between pages"):
        Template("{% load i18n static constant %}{% constant %}" + inside + "{% endconstant %}")


def test_a_part_written_once_takes_literals_and_the_site_names():
    template = Template(
        "{% load i18n static constant %}{% constant %}<a href=\"{% url 'portal:home' %}\">{% translate 'Home' %}"
        "</a> {{ SITE_NAME }} {% blocktranslate %}{{ SITE_NAME }} carries{% endblocktranslate %}"
        "{# a comment #}{% endconstant %}"
    )

    first = template.render(Context({"SITE_NAME": "HLD Portal"}))
    again = template.render(Context({"SITE_NAME": "HLD Portal", "object": "another page"}))

    assert first == again == '<a href="/en/">Home</a> HLD Portal HLD Portal carries'
