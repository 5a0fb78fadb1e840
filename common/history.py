"""What an item's history says of each change, stored as data and written in the reader's language when shown.

A revision's comment is read by editors in French, Spanish and English alike, so it never holds text already
written in the language of whoever saved: an admin save keeps Django's change message (the JSON its ``LogEntry``
keeps), a note keeps its English words (``gettext_noop``), a revert keeps the date of the version it brought back.
Comments stored as text before (written in their author's language) are shown as they are.
"""

import json

from django.contrib.admin.models import LogEntry
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop

# django-reversion's own words for a revert, in its catalogues.
REVERTED = gettext_noop("Reverted to previous version, saved on %(datetime)s")


def reverted(saved):
    """The comment of a revert to (or a recovery of) the version saved at ``saved``."""
    return json.dumps([{"reverted": {"saved": saved.isoformat()}}])


def comment_text(comment):
    """A revision's ``comment`` in the active language."""
    if not comment:
        return ""  # gettext("") is the catalogue's header
    if not comment.startswith("["):
        return gettext(comment)
    try:
        messages = json.loads(comment)
    except ValueError:
        return comment
    if not isinstance(messages, list) or not all(isinstance(message, dict) for message in messages):
        return comment
    if len(messages) == 1 and "reverted" in messages[0]:
        saved = timezone.localtime(parse_datetime(messages[0]["reverted"]["saved"]))
        return gettext(REVERTED) % {"datetime": formats.date_format(saved, "DATETIME_FORMAT")}
    for message in messages:
        for details in message.values():
            if isinstance(details, dict) and isinstance(details.get("fields"), list):
                details["fields"] = [_label(label) for label in details["fields"]]
    return LogEntry(change_message=json.dumps(messages)).get_change_message()


def _label(label):
    """A field's label as Django's change message keeps it, in the active language: Django looks its English up as
    it stands, but the admin's labels are the fields' names with a capital ("Slug" for "slug"), and a translated
    field's has its language after it ("Title [fr]"), so neither is in a catalogue."""
    name, bracket, language = label.partition(" [")
    for msgid in (name, name[:1].lower() + name[1:]):
        if (translated := gettext(msgid)) != msgid:
            return capfirst(translated) + bracket + language
    return label
