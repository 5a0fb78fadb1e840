"""The acceptance policy for uploaded documents, as one function: ``check_upload`` returns a ``CheckedFile``.

1. Size: not empty, not over the limit.
2. Name: its real final extension (see ``names``) is one the caller accepts; no extension, a program, a
   script, web content or a macro-enabled Office extension is refused with the reason.
3. Content: parsed by a library for its kind, in a child process bounded in time and memory (forked from a
   small process holding the parsers alone, not from the server); a file that does not parse, whose structure
   is not the kind its extension names, or that carries macros is refused.
4. Findings: active PDF content and remote resources in Office files are kept to show moderators.
5. Virus scan by clamd when configured, of the file and, for a PDF encrypted with an empty password, of its
   decrypted copy too: an infected file is refused; the verdict goes with the file.
"""

import hashlib
import io
import multiprocessing
import resource
import time
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import names
from .inspection import FORMAT_NAMES, Inspection, inspect_file
from .kinds import BY_EXTENSION, KINDS
from .scanning import CLEAN, INFECTED, SKIPPED, UNAVAILABLE, ScanResult, scan


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check: what to store, under which name to show it, and what was found."""

    upload: object
    name: str
    kind: object
    findings: tuple
    scan: ScanResult

    @property
    def size(self):
        return self.upload.size

    @cached_property
    def sha256(self):
        """The content's SHA-256, in hex: what tells the same file sent twice, and names it in receipts."""
        digest = hashlib.sha256()
        for chunk in self.upload.chunks():
            digest.update(chunk)
        self.upload.seek(0)
        return digest.hexdigest()


def _extensions(accepted):
    return ", ".join(f".{KINDS[code].extension}" for code in accepted)


# Endings refused whatever a call accepts, each with its reason.
REFUSED_EXTENSIONS = (
    (
        names.EXECUTABLE_EXTENSIONS,
        "executable_name",
        _("The file “%(name)s” ends in .%(extension)s, a program or script: such files are never accepted."),
    ),
    (
        names.WEB_EXTENSIONS,
        "web_name",
        _("The file “%(name)s” ends in .%(extension)s, web content: such files are never accepted."),
    ),
    (
        names.MACRO_EXTENSIONS,
        "macro_name",
        _("The file “%(name)s” ends in .%(extension)s, a document that can hold macros: it is not accepted."),
    ),
)


def check_name(name, *, accepted):
    """Raise ValidationError unless ``name`` really ends in an extension of an ``accepted`` kind; return the kind."""
    shown = names.display_name(name)
    extension = names.final_extension(name)
    params = {"name": shown, "extension": extension, "extensions": _extensions(accepted)}
    if not extension:
        raise ValidationError(
            _("The file “%(name)s” has no extension: its name must end in %(extensions)s."),
            code="no_extension",
            params=params,
        )
    for refused, code, message in REFUSED_EXTENSIONS:
        if extension in refused:
            raise ValidationError(message, code=code, params=params)
    kind = BY_EXTENSION.get(extension)
    if kind is None or kind.code not in accepted:
        raise ValidationError(
            _("The file “%(name)s” ends in .%(extension)s; only %(extensions)s files are accepted here."),
            code="extension_not_accepted",
            params=params,
        )
    return kind


def _address_space():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _inspect_in_child(content, memory, connection):
    # The budget comes on top of what the process already maps: the parsers, imported by the fork server.
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = inspect_file(io.BytesIO(content))
        code = result.kind.code if result.kind else ""
        connection.send((code, result.refusal, result.looks_like, result.findings, result.decrypted))
    except MemoryError:
        connection.send(("", "too_complex", "", (), b""))


class InspectionBudget:
    """The time the checks of one request's files may take together: their parsing
    (UPLOAD_REQUEST_INSPECTION_SECONDS) and their virus scans (UPLOAD_REQUEST_SCAN_SECONDS), two pools that add up
    to less than the server's patience with a request. Each file still has its own bounds, but five files at those
    bounds would outlast it: the worker would be killed mid-request and the submission lost."""

    def __init__(self, seconds=None):
        seconds = settings.UPLOAD_REQUEST_INSPECTION_SECONDS if seconds is None else seconds
        self.ends = time.monotonic() + seconds
        self.scan_seconds = settings.UPLOAD_REQUEST_SCAN_SECONDS

    def for_next_file(self):
        """Seconds the next file's inspection may take: its own bound, or what is left of the request's."""
        return max(0.0, min(settings.UPLOAD_INSPECTION_SECONDS, self.ends - time.monotonic()))

    def scan(self, upload):
        """Scan ``upload`` within what is left of the request's scanning time: past it, the verdict is "unavailable"
        and the file is stored and held for a later scan, as when clamd is down."""
        started = time.monotonic()
        try:
            return scan(upload, deadline=started + self.scan_seconds)
        finally:
            spent = time.monotonic() - started
            self.scan_seconds = max(0.0, self.scan_seconds - spent)
            # A slow scanner spends its own pool, not the time the next files' inspections have.
            self.ends += spent


# An inspection stopped at its time bound (inspect_limited).
OUT_OF_TIME = "out_of_time"


def inspect_limited(fileobj, seconds):
    """``inspect_file`` in a child process bounded by ``seconds`` and UPLOAD_INSPECTION_MEMORY.

    A parser that loops or swells on a crafted file is stopped and the file refused, not the server. The child is
    forked from a process that has imported the parsers and nothing else (multiprocessing's fork server, one per
    worker), not from the worker: it holds none of the server's memory, connections or other requests for a
    crafted file to reach, and no lock another of the worker's threads held (docs/scaling.md).
    """
    context = multiprocessing.get_context("forkserver")
    # The running program as well: else each child would import it again (gunicorn's, pytest's) before its work.
    context.set_forkserver_preload(["__main__", __name__])
    fileobj.seek(0)
    content = fileobj.read()
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_inspect_in_child, args=(content, settings.UPLOAD_INSPECTION_MEMORY, sending), daemon=True
    )
    child.start()
    sending.close()
    try:
        if receiving.poll(seconds):
            code, refusal, looks_like, findings, decrypted = receiving.recv()
            return Inspection(
                kind=KINDS.get(code), refusal=refusal, looks_like=looks_like, findings=findings, decrypted=decrypted
            )
        return Inspection(refusal=OUT_OF_TIME)
    except EOFError:  # the child died: out of memory, say
        return Inspection(refusal="too_complex")
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join()
        fileobj.seek(0)


REFUSALS = {
    "unreadable": _("The file “%(name)s” is damaged or is not really %(expected)s: it could not be read."),
    "encrypted": _("The file “%(name)s” is protected by a password: send it without protection."),
    "macros": _("The file “%(name)s” contains macros, which are not accepted: save it without them."),
    "scripts": _(
        "The file “%(name)s” contains fields or links that run commands or scripts, which are not accepted: "
        "remove them."
    ),
    "too_complex": _("The file “%(name)s” took too long or too much memory to check: it is refused."),
    "too_many_objects": _(
        "The file “%(name)s” is made of far more parts than a normal document, too many to check: save it again "
        "as a simpler PDF, or split it."
    ),
    "no_time_left": _(
        "The other files took all the time there was to check “%(name)s”: send it again on its own or with fewer files."
    ),
    "archive_entries": _("The file “%(name)s” holds too many parts to be a normal document."),
    "archive_bomb": _(
        "The file “%(name)s” expands to far more than its size: it is refused as a possible archive bomb."
    ),
    "archive_nested": _("The file “%(name)s” contains another archive, which is not accepted."),
    "archive_paths": _("The file “%(name)s” contains unsafe paths."),
}


def check_content(upload, *, name, expected, budget):
    """Parse ``upload`` within ``budget`` (an InspectionBudget); return the Inspection when it is the ``expected``
    kind, else raise ValidationError."""
    params = {"name": name, "expected": expected.description, "extension": expected.extension}
    seconds = budget.for_next_file()
    inspection = inspect_limited(upload, seconds) if seconds else Inspection(refusal=OUT_OF_TIME)
    if inspection.refusal == OUT_OF_TIME:
        # Cut short by the request's budget, not by its own bound, it may well be a normal file.
        code = "no_time_left" if seconds < settings.UPLOAD_INSPECTION_SECONDS else "too_complex"
        raise ValidationError(REFUSALS[code], code=code, params=params)
    if inspection.refusal.startswith("archive_"):
        raise ValidationError(REFUSALS[inspection.refusal], code=inspection.refusal, params=params)
    if inspection.kind is None and not inspection.refusal:
        if inspection.looks_like:
            params["found"] = FORMAT_NAMES[inspection.looks_like]
            raise ValidationError(
                _("The file “%(name)s” is not %(expected)s but %(found)s, whatever its name says."),
                code="wrong_type",
                params=params,
            )
        raise ValidationError(
            _("The file “%(name)s” is not %(expected)s, whatever its name says."), code="wrong_type", params=params
        )
    if inspection.kind is not None and inspection.kind != expected:
        params["found"] = inspection.kind.description
        raise ValidationError(
            _("The file “%(name)s” is %(found)s but its name ends in .%(extension)s."),
            code="type_mismatch",
            params=params,
        )
    if inspection.refusal in REFUSALS:
        raise ValidationError(REFUSALS[inspection.refusal], code=inspection.refusal, params=params)
    return inspection


def check_upload(upload, *, accepted=tuple(KINDS), max_size, scan_for_viruses=True, budget=None):
    """Run the whole policy on ``upload``; return a CheckedFile or raise ValidationError saying why not.

    ``budget``: the InspectionBudget of the request's files, shared by the calls for each; a new one by default.
    """
    name = names.display_name(upload.name)
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), code="empty", params={"name": name})
    if upload.size > max_size:
        raise ValidationError(
            _("The file “%(name)s” is larger than the limit of %(limit)s."),
            code="too_large",
            params={"name": name, "limit": filesizeformat(max_size)},
        )
    expected = check_name(upload.name, accepted=accepted)
    budget = budget or InspectionBudget()
    inspection = check_content(upload, name=name, expected=expected, budget=budget)
    verdict = _scan(upload, inspection.decrypted, budget.scan) if scan_for_viruses else ScanResult(SKIPPED)
    refuse_if_infected(verdict, name=name)
    return CheckedFile(
        upload=upload, name=name, kind=inspection.kind, findings=tuple(inspection.findings), scan=verdict
    )


# From the worst verdict to the best: a file is as bad as the worse of its own and its decrypted copy's.
VERDICTS = (INFECTED, UNAVAILABLE, CLEAN, SKIPPED)


def _scan(fileobj, decrypted, scanner):
    """The verdict of ``scanner`` on ``fileobj`` and, when its inspection decrypted it, on the ``decrypted`` copy."""
    verdict = scanner(fileobj)
    if decrypted and not verdict.is_infected:
        verdict = min(verdict, scanner(io.BytesIO(decrypted)), key=lambda result: VERDICTS.index(result.verdict))
    return verdict


def scan_stored(fileobj, *, deadline=None):
    """Scan again a file stored after its checks, whose scan was unavailable, by ``deadline`` (time.monotonic()):
    inspected again first, since only inspection makes the decrypted copy the scan of an encrypted PDF needs."""
    seconds = settings.UPLOAD_INSPECTION_SECONDS
    if deadline is not None:
        seconds = min(seconds, deadline - time.monotonic())
    if seconds <= 0:
        return ScanResult(UNAVAILABLE, "timeout")
    inspection = inspect_limited(fileobj, seconds)
    if inspection.refusal == OUT_OF_TIME:
        return ScanResult(UNAVAILABLE, "timeout")
    # Read when it was received, unread now (out of memory, say): what a decrypted copy would show is unknown.
    if inspection.kind is None:
        return ScanResult(UNAVAILABLE, f"not inspected again: {inspection.refusal or 'unknown kind'}")
    return _scan(fileobj, inspection.decrypted, lambda part: scan(part, deadline=deadline))


def refuse_if_infected(verdict, *, name):
    """Raise ValidationError when the scan ``verdict`` of the file shown as ``name`` found a virus. Scanning off, or
    no verdict, lets the file through: it is scanned again later (submissions.services.rescan)."""
    if verdict.is_infected:
        raise ValidationError(
            _("The file “%(name)s” contains a virus (%(signature)s) and was refused."),
            code="infected",
            params={"name": name, "signature": verdict.detail},
        )


def policy_summary(accepted):
    """One sentence for the form: what is accepted and what is refused."""
    return format_lazy(
        _(
            "Accepted: {extensions} files whose content matches their name. Refused: programs, web pages, "
            "documents with macros, password-protected or damaged files, and archives inside documents. "
            "Active content (PDF scripts, remote images or templates) is shown to the reviewers."
        ),
        extensions=_extensions(accepted),
    )
