"""Work for translators as files their tools read (XLIFF 2.1, XLIFF 1.2, PO), and the answer loaded back whole.

Every unit is one translated field of one item. Its id names the model, the item, the field and a fingerprint
of the English it was made from (``events.event.12.body.3f9a…``), so that a file answered after the English
changed is refused rather than applied to text it does not translate. The file itself is written and read by
translate-toolkit; rich text travels as inline codes (``inline``).
"""

from dataclasses import dataclass, field

import reversion
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from lxml import etree
from modeltranslation.translator import translator
from translate.storage import po, tmx, xliff, xliff2

from common.fields import RichTextField
from common.text import check_printable
from common.translation_status import field_label
from common.urls import absolute_url, address_in_language

from . import inline
from .models import TranslationMemory, TranslationState, source_hash
from .tracking import default_language, mark_reviewed, memory_matches, translated_fields

FORMATS = {
    "xliff21": ("xlf", "application/xliff+xml"),
    "xliff12": ("xlf", "application/xliff+xml"),
    "po": ("po", "text/x-gettext-translation"),
}


class Xliff12File(xliff.xlifffile):
    """translate-toolkit's XLIFF 1.x store, written as version 1.2 (its default skeleton says 1.1)."""

    namespace = "urn:oasis:names:tc:xliff:document:1.2"
    XMLskeleton = """<?xml version="1.0" ?>
<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


@dataclass(frozen=True)
class Segment:
    """One field of one item to translate into one language."""

    obj: object
    field: str
    source: str
    target: str
    from_memory: bool
    outdated: bool

    @property
    def rich(self):
        return is_rich(type(self.obj), self.field)

    @property
    def unit_id(self):
        return f"{self.obj._meta.label_lower}.{self.obj.pk}.{self.field}.{source_hash(self.source)}"

    def note(self):
        model = self.obj._meta
        url = absolute_url(self.obj.get_absolute_url()) if hasattr(self.obj, "get_absolute_url") else ""
        field = _("field")
        parts = [f"{model.verbose_name}: {self.obj}", f"{field}: {model.get_field(self.field).verbose_name}"]
        if url:
            parts.append(url)
        if self.outdated:
            parts.append(_("The English changed since this was translated."))
        if self.from_memory:
            parts.append(_("Pre-filled from the translation memory (exact match)."))
        return " | ".join(str(part) for part in parts)


def is_rich(model, name):
    return isinstance(model._meta.get_field(name), RichTextField)


def segments(objects, language, *, todo_only=True):
    """The segments of ``objects`` (of one model) in ``language``: only missing or outdated ones if ``todo_only``.

    Empty targets are pre-filled from the translation memory where its English matches exactly.
    """
    objects = list(objects)
    if not objects:
        return []
    english = default_language()
    model = type(objects[0])
    stale = set(
        TranslationState.objects.outdated()
        .filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id__in=[obj.pk for obj in objects],
            language=language,
        )
        .values_list("object_id", "field")
    )
    found = []
    for obj in objects:
        for name in translated_fields(model):
            source = getattr(obj, f"{name}_{english}") or ""
            target = getattr(obj, f"{name}_{language}") or ""
            outdated = (obj.pk, name) in stale
            if source and (not todo_only or not target or outdated):
                found.append(Segment(obj, name, source, target, False, outdated))
    memory = memory_matches({segment.source for segment in found if not segment.target}, language)
    return [
        Segment(s.obj, s.field, s.source, memory[s.source], True, s.outdated)
        if not s.target and s.source in memory
        else s
        for s in found
    ]


def export(found, language, fmt):
    """The bytes of an XLIFF 2.1, XLIFF 1.2 or PO file holding ``found``."""
    if fmt == "po":
        store = po.pofile()
        store.updateheader(add=True, Language=language, X_Source_Language=default_language())
        for segment in found:
            source, target = _trees(segment, language)
            unit = store.addsourceunit(_text_form(segment, source))
            unit.setcontext(segment.unit_id)
            unit.target = _text_form(segment, target) if segment.target else ""
            unit.addnote(segment.note(), origin="developer")
            if segment.from_memory or segment.outdated:
                unit.markfuzzy()
        return bytes(store)
    version = "2.1" if fmt == "xliff21" else "1.2"
    store = (xliff2.Xliff2File if version == "2.1" else Xliff12File)(
        sourcelanguage=default_language(), targetlanguage=language
    )
    for segment in found:
        source, target = _trees(segment, language)
        unit = store.addsourceunit("")
        unit.setid(segment.unit_id)
        unit.addnote(segment.note(), origin="developer")
        source_node = unit.getlanguageNodes()[0]
        inline.write_xml(source_node, source, version)
        if segment.target:
            unit.target = "-"
            inline.write_xml(unit.getlanguageNodes()[1], target, version)
            if segment.from_memory or segment.outdated:
                if version == "1.2":
                    target_node = unit.getlanguageNodes()[1]
                    target_node.set("state", "needs-review-translation")
                    if segment.from_memory:
                        target_node.set("state-qualifier", "exact-match")
                else:
                    unit.markfuzzy()
    root = store.document.getroot()
    if version == "2.1":
        root.set("version", "2.1")
        _notes_on_units(root)
    return bytes(store)


def _notes_on_units(root):
    # XLIFF 2 keeps notes on the unit, before its segments; translate-toolkit writes them inside the segment.
    namespace = etree.QName(root).namespace
    for notes in root.iter(f"{{{namespace}}}notes"):
        segment = notes.getparent()
        if etree.QName(segment).localname == "segment":
            segment.remove(notes)
            segment.getparent().insert(0, notes)


def _trees(segment, language):
    """The trees of the segment's English and of its translation, whose codes are numbered as the English's."""
    if not segment.rich:
        return [segment.source], [segment.target]
    sanitize = type(segment.obj)._meta.get_field(f"{segment.field}_{language}").sanitize
    english = _english(sanitize, segment.source)
    target = inline.numbered_as(inline.read_html(sanitize(segment.target)), _tags(english, language))
    return english.tree, target


def _english(sanitize, source):
    # As a save would store the English today: English saved before a rule changed (a link's rel) gives a
    # translation the cleaner leaves as it is.
    return inline.read_html(sanitize(source))


def _tags(english, language):
    """The tags behind the English's codes as a translation into ``language`` takes them: each link to one of the
    site's pages leads to that page in ``language``, as the demo content's links do."""

    def in_language(name, value):
        return address_in_language(value, language) if name == "href" and value else value

    return {
        number: (tag, [(name, in_language(name, value)) for name, value in attrs])
        for number, (tag, attrs) in english.tags.items()
    }


def _text_form(segment, tree):
    return inline.write_text(tree) if segment.rich else tree[0]


@dataclass
class Change:
    obj: object
    field: str
    before: str
    after: str

    @property
    def label(self):
        return field_label(type(self.obj), self.field)


@dataclass
class ImportReport:
    """What an import changed, or why it was refused (then nothing changed)."""

    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    untranslated: int = 0


class ImportRefused(Exception):
    def __init__(self, report):
        super().__init__("; ".join(report.errors))
        self.report = report


def read_units(data):
    """(format, target language, [(unit id, target tree or None, error)]) from the bytes of a translated file."""
    text = data.lstrip()
    if text.startswith(b"<"):
        try:
            root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            raise ValueError(_("The file is not well-formed XML.")) from None
        version = root.get("version", "")
        store = (xliff2.Xliff2File if version.startswith("2.") else Xliff12File).parsestring(data)
        units = []
        for unit in store.units:
            nodes = unit.getlanguageNodes()
            target = None
            error = None
            if len(nodes) > 1 and (nodes[1].text or len(nodes[1])):
                try:
                    target = inline.read_xml(nodes[1])
                except inline.MarkupError as exc:
                    error = str(exc)
            # XLIFF 1.2 ids as translate-toolkit reads them begin with the file's name: take the attribute.
            unit_id = unit.getid() if version.startswith("2.") else unit.xmlelement.get("id")
            units.append((unit_id, target, error))
        return store.gettargetlanguage(), units
    store = po.pofile.parsestring(data)
    units = []
    for unit in store.units:
        if unit.isheader():
            continue
        target, error = None, None
        if unit.target:
            try:
                target = inline.read_text(str(unit.target))
            except inline.MarkupError as exc:
                error = str(exc)
        units.append((unit.getcontext(), target, error))
    return store.gettargetlanguage(), units


def _find(unit_id):
    """The item and field a unit id names, and the fingerprint of its English; None when it names nothing."""
    parts = (unit_id or "").split(".")
    if len(parts) != 5 or not parts[2].isdigit():
        return None
    app_label, model_name, pk, name, fingerprint = parts
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    if model not in translator.get_registered_models() or name not in translated_fields(model):
        return None
    obj = model._default_manager.filter(pk=pk).first()
    return (obj, name, fingerprint) if obj else None


def import_file(data, language, *, user=None, allowed=None):
    """Validate every unit of a translated file, then apply all of them or none.

    Refused (``ImportRefused``, nothing changed) when any unit names no item or field, translates English that
    changed since the export, or holds markup that is broken or not the English's own. Applied changes are one
    revision in each item's history, clear the outdated flags and go into the translation memory.
    """
    report = ImportReport()
    try:
        file_language, units = read_units(data)
    except (ValueError, etree.XMLSyntaxError) as exc:
        report.errors.append(str(exc) or _("The file cannot be read."))
        raise ImportRefused(report) from None
    if file_language and file_language.split("-")[0].lower() != language:
        report.errors.append(
            _("The file is a translation into “%(found)s”, not into the language chosen.") % {"found": file_language}
        )
    english = default_language()
    planned = []
    for unit_id, target, error in units:
        found = _find(unit_id)
        if found is None:
            report.errors.append(_("Unit “%(unit)s” names nothing in the portal.") % {"unit": unit_id})
            continue
        obj, name, fingerprint = found
        if allowed is not None and not allowed(type(obj)):
            report.errors.append(_("Unit “%(unit)s”: you may not change this item.") % {"unit": unit_id})
            continue
        source = getattr(obj, f"{name}_{english}") or ""
        if source_hash(source) != fingerprint:
            report.errors.append(_("Unit “%(unit)s”: the English changed since the export.") % {"unit": unit_id})
            continue
        if error:
            report.errors.append(_("Unit “%(unit)s”: %(error)s") % {"unit": unit_id, "error": error})
            continue
        if target is None:
            report.untranslated += 1
            continue
        try:
            value = _value(type(obj), name, language, source, target)
            check_printable(value)  # as the admin's fields refuse it: a page holding one is not valid HTML
        except inline.MarkupError as exc:
            report.errors.append(_("Unit “%(unit)s”: %(error)s") % {"unit": unit_id, "error": exc})
            continue
        except ValidationError as exc:
            report.errors.append(_("Unit “%(unit)s”: %(error)s") % {"unit": unit_id, "error": exc.messages[0]})
            continue
        planned.append((obj, name, value))
    if report.errors:
        raise ImportRefused(report)
    _apply(planned, language, report, user)
    return report


def _value(model, name, language, source, target):
    if not is_rich(model, name):
        if any(not isinstance(item, str) for item in target):
            raise inline.MarkupError(_("This field takes plain text, without inline codes."))
        return "".join(target)
    sanitize = model._meta.get_field(f"{name}_{language}").sanitize
    html = inline.to_html(target, _tags(_english(sanitize, source), language))
    # Compared as read, not as written: the cleaner writes a no-break space as &nbsp; and an apostrophe in an
    # address as it is, where ``to_html`` writes the one as it is and escapes the other.
    cleaned = sanitize(html)
    if not inline.same_markup(cleaned, html):
        raise inline.MarkupError(_("The markup is not safe."))
    # As the database will hold it (a save cleans it again), so that an unchanged text compares equal to the stored.
    return cleaned


def _apply(planned, language, report, user):
    by_object = {}
    for obj, name, value in planned:
        by_object.setdefault((type(obj), obj.pk), (obj, {}))[1][name] = value
    with transaction.atomic(), reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(gettext_noop("Translation imported"))  # shown translated (common.history)
        for obj, values in by_object.values():
            for name, value in values.items():
                before = getattr(obj, f"{name}_{language}") or ""
                if before != value:
                    report.changes.append(Change(obj, name, before, value))
                setattr(obj, f"{name}_{language}", value)
            obj.save()
            mark_reviewed(obj, languages=[language], fields=list(values))


def export_memory():
    """The translation memory as TMX bytes: one unit per English segment, with each language's translation."""
    store = tmx.tmxfile(sourcelanguage=default_language())
    for entry in TranslationMemory.objects.order_by("source_hash", "language"):
        store.addtranslation(entry.source, default_language(), entry.target, entry.language)
    return bytes(store)
