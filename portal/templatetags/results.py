"""The rows of the search page's results (portal/search.html), one method per kind of result.

A searched archive fills every group, up to twenty rows each, and a row written as a template cost 30-70 µs (for a
few links and dates): here, the same markup costs a fraction of that, so that a page of a hundred results costs
little more than a page of five. Every text is escaped as a template's autoescape would (``html_text``).
"""

from django import template
from django.utils.safestring import mark_safe

from common.templatetags.portal import html_text
from documents.templatetags.document_rows import DocumentRows

register = template.Library()


class ResultRows(DocumentRows):
    """The rows of one kind of result, by the kind's name."""

    def dated(self, text, day):
        return f"{text} · {html_text(self.date(day))}" if day else text

    def event(self, item):
        city = f" · {self.text(item, 'city')}" if item.city else ""
        return self.item(
            item, f"{self.text(item)}</a>", f"{html_text(self.dates(item.start_date, item.end_date))}{city}"
        )

    def session(self, item):
        return self.item(item, f"{self.text(item)}</a>", self.dated(self.text(item.event), item.date))

    def statement(self, item):
        speaker = f": {html_text(item.speaker_name)}" if item.speaker_name else ""
        meta = f"{self.text(item.session)} · {self.text(item.session.event)}"
        return self.item(item, f"{html_text(item.delegation.display_name)}{speaker}</a>", meta)

    def document(self, item):
        meta = self.dated(self.label(item, "doc_type"), item.date)
        return self.item(item, self.linked_title(item), meta, self.versions_after(item))

    def call(self, item):
        return self.item(item, f"{self.text(item)}</a>", f"{self.text(item.event)} · {html_text(item.state.label)}")

    def submission(self, item):
        member_state = item.category == "member_state"
        name = html_text(item.country.name) if member_state else f"<bdi>{html_text(item.organisation)}</bdi>"
        category = self.label(item, "category")
        meta = f'<bdi lang="{html_text(item.language)}">{html_text(item.title)}</bdi> · {category}'
        return self.item(item, f"{name}</a>", meta)


# Each kind of result the search page lists (portal/views.py) and the method writing its row.
ROWS = {
    "event": ResultRows.event,
    "session": ResultRows.session,
    "statement": ResultRows.statement,
    "document": ResultRows.document,
    "call": ResultRows.call,
    "submission": ResultRows.submission,
}


@register.simple_tag
def search_results(kind, results):
    """The ``<li>`` of each result of ``kind`` (a key of ROWS): its link, what it is and when."""
    rows, row = ResultRows(), ROWS[kind]
    # Safe: every text in it went through html_text.
    return mark_safe("".join(row(rows, item) for item in results) + "\n")
