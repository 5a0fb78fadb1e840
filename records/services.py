"""Statement files in a batch: a ZIP whose file names say the delegation and the language.

The naming rule, shown to editors on the upload page: ``<delegation>-<letter>.<extension>``, where
``<delegation>`` is the delegation's short name (its slug: ``france``, ``iom``) and ``<letter>`` the UN letter of
the language (A Arabic, C Chinese, E English, F French, R Russian, S Spanish), as in UN file names
("A-68-292-F.pdf"). So ``france-F.pdf`` is France's statement in French and ``iom-E.docx`` IOM's in English.

Each file goes to the statement its delegation has on the session's list of speakers; every file is checked like
any document file (``uploads.checks.check_upload``). A file that breaks a rule is refused with the reason; the
others are kept. Folders inside the ZIP are ignored, as are the files that systems add (``__MACOSX``, ``.DS_Store``).
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from common.languages import LETTERS
from uploads import names
from uploads.archives import MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_UNCOMPRESSED, UNREADABLE, open_archive
from uploads.checks import InspectionBudget, check_upload

from .models import StatementFile

LANGUAGE_BY_LETTER = {letter: code for code, letter in LETTERS.items()}
BATCH_NAME = re.compile(r"^(?P<delegation>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<letter>[ACEFRS])\.[A-Za-z0-9]{1,10}$")
SYSTEM_FILES = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass
class BatchReport:
    """What a batch upload read: the files attached, and the files refused with the reason for each."""

    attached: list = field(default_factory=list)  # (file name, statement, language)
    refused: list = field(default_factory=list)  # (file name, message)


def _message(error):
    return " ".join(error.messages)


def attach_statement_files(*, session, archive):
    """Attach each file of the ZIP ``archive`` to its statement in ``session``; return a BatchReport.

    Effects: a StatementFile (and its stored file) per file accepted. Raises ValidationError only when the ZIP
    itself cannot be read or is over the limits; a bad file inside it is refused in the report.
    """
    try:
        zipped = open_archive(archive)
        entries = [entry for entry in zipped.infolist() if not entry.is_dir()]
    except UNREADABLE:
        raise ValidationError(_("The file is not a ZIP archive that can be read."), code="not_zip") from None
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise ValidationError(
            _("The ZIP holds more than %(limit)s files."), code="too_many", params={"limit": MAX_ARCHIVE_ENTRIES}
        )
    if sum(entry.file_size for entry in entries) > MAX_ARCHIVE_UNCOMPRESSED:
        raise ValidationError(_("The ZIP expands to more than the limit."), code="too_large")

    statements = {}
    for statement in session.statements.select_related("delegation").prefetch_related("files"):
        statements.setdefault(statement.delegation.slug, []).append(statement)
    report = BatchReport()
    # One budget for the archive's files (a plenary's ZIP holds a hundred): past it, those left are refused with
    # why, and the same ZIP sent again attaches them (the others are already attached), where the worker would be
    # killed mid-request.
    budget = InspectionBudget()
    for entry in entries:
        if any(part in entry.filename for part in SYSTEM_FILES):
            continue
        shown = names.display_name(entry.filename)
        try:
            statement, language = _target(entry, shown, statements)
            upload = _read(zipped, entry, shown)
            checked = check_upload(upload, max_size=settings.DOCUMENT_MAX_UPLOAD_SIZE, budget=budget)
            upload.name = f"upload.{checked.kind.extension}"  # stored under a random name, downloaded under its own
            with transaction.atomic():
                StatementFile.objects.create(
                    statement=statement,
                    language=language,
                    file=upload,
                    size=checked.size,
                    content_type=checked.kind.content_type,
                )
        except ValidationError as error:
            report.refused.append((shown, _message(error)))
        except IntegrityError:
            report.refused.append((shown, str(_("This statement already has a file in this language."))))
        else:
            report.attached.append((shown, statement, language))
    return report


def _target(entry, shown, statements):
    match = BATCH_NAME.match(names.visible_name(entry.filename))
    if not match:
        raise ValidationError(
            _("The name “%(name)s” does not follow the rule “delegation-letter.extension”, e.g. “france-F.pdf”."),
            code="bad_name",
            params={"name": shown},
        )
    found = statements.get(match["delegation"], [])
    if not found:
        raise ValidationError(
            _("No delegation “%(delegation)s” is on this session’s list of speakers."),
            code="no_statement",
            params={"delegation": match["delegation"]},
        )
    if len(found) > 1:
        raise ValidationError(
            _("The delegation “%(delegation)s” speaks more than once at this session: add its files one by one."),
            code="several_statements",
            params={"delegation": match["delegation"]},
        )
    statement = found[0]
    language = LANGUAGE_BY_LETTER[match["letter"]]
    if any(existing.language == language for existing in statement.files.all()):
        raise ValidationError(_("This statement already has a file in this language."), code="exists")
    return statement, language


def _read(zipped, entry, shown):
    """The entry as an upload, read no further than the size limit (the directory's sizes may lie)."""
    limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
    try:
        with zipped.open(entry) as data:
            content = data.read(limit + 1)
    except UNREADABLE:
        raise ValidationError(
            _("The file “%(name)s” could not be read from the ZIP."), code="unreadable", params={"name": shown}
        ) from None
    return SimpleUploadedFile(shown, content)
