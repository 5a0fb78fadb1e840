"""What the scenarios measure and check: percentiles, the store against what visitors were told, the logs."""

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field


def percentile(values, fraction):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def is_5xx(hit):
    return hit.status is not None and hit.status >= 500


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class Result:
    name: str
    title: str
    summary: str
    tables: list = field(default_factory=list)  # (heading or "", [header], [rows])
    checks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    headline: dict = field(default_factory=dict)  # the figures, for the summary table

    @property
    def ok(self):
        return all(check.ok for check in self.checks)

    def check(self, label, ok, detail=""):
        self.checks.append(Check(label, bool(ok), detail))


def verify_store(postgres, private_root, attempts):
    """What the database and the private file store hold for ``attempts``, against what the visitors were told."""
    emails = [attempt.email for attempt in attempts]
    with postgres.connect() as conn:
        submissions = conn.execute(
            "SELECT id, reference, email FROM submissions_submission WHERE email = ANY(%s)", (emails,)
        ).fetchall()
        files = conn.execute("SELECT submission_id, file, sha256 FROM submissions_submissionfile").fetchall()
        duplicate_references = conn.execute(
            "SELECT reference FROM submissions_submission GROUP BY reference HAVING count(*) > 1"
        ).fetchall()
        # Queued emails wait in the outbox (their task holds only the row's id); no worker runs during a scenario.
        queued = conn.execute('SELECT "to" FROM outbox_outgoingemail').fetchall()
    by_email = {}
    for pk, reference, email in submissions:
        by_email.setdefault(email, []).append((pk, reference))
    acknowledged = {attempt.email: attempt for attempt in attempts if attempt.acknowledged}
    stored_emails = set(by_email)
    lost = sorted(set(acknowledged) - stored_emails)
    stored_unacknowledged = sorted(stored_emails - set(acknowledged))
    twice = sorted(email for email, rows in by_email.items() if len(rows) > 1)
    wrong_reference = [
        attempt.email
        for attempt in acknowledged.values()
        if attempt.reference and attempt.email in by_email and attempt.reference != by_email[attempt.email][0][1]
    ]
    # Files: every row's file on disk with the content the visitor sent; nothing on disk without a row.
    known = {name for _pk, name, _sha in files}
    files_by_submission = {}
    for submission_id, name, sha in files:
        files_by_submission.setdefault(submission_id, []).append((name, sha))
    sent_sha = {attempt.email: attempt.sha256 for attempt in attempts}
    missing, corrupt = [], []
    for email, rows in by_email.items():
        for pk, _reference in rows:
            records = files_by_submission.get(pk, [])
            if not records:
                missing.append(f"{email}: no file record")
            for name, sha in records:
                path = private_root / name
                if not path.is_file():
                    missing.append(f"{email}: {name}")
                elif sha != sent_sha[email] or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                    corrupt.append(f"{email}: {name}")
    on_disk = {path.relative_to(private_root).as_posix() for path in private_root.rglob("*") if path.is_file()}
    orphans = sorted(on_disk - known)
    receipts = Counter()
    for (addresses,) in queued:
        for address in addresses or []:
            receipts[address] += 1
    return {
        "sent": sum(1 for attempt in attempts if attempt.hit("post")),
        "acknowledged": len(acknowledged),
        "stored": len(submissions),
        "lost": lost,
        "stored_unacknowledged": stored_unacknowledged,
        "duplicates": twice + [f"reference {ref}" for (ref,) in duplicate_references] + wrong_reference,
        "missing_files": missing,
        "corrupt_files": corrupt,
        "orphans": orphans,
        "files_on_disk": len(on_disk),
        "receipts_acknowledged": sum(1 for email in acknowledged if receipts[email] >= 1),
        "receipts_stored": sum(1 for email in stored_emails if receipts[email] >= 1),
        "receipts_extra": sum(max(0, receipts[email] - 1) for email in emails),
    }


def headline(store, *, outage_5xx="-", recovered_5xx="-"):
    return {
        "sent": store["sent"],
        "acknowledged": store["acknowledged"],
        "stored": store["stored"],
        "lost": len(store["lost"]),
        "duplicates": len(store["duplicates"]),
        "orphan files": len(store["orphans"]),
        "receipts queued": store["receipts_acknowledged"],
        "5xx during the outage": outage_5xx,
        "5xx after recovery": recovered_5xx,
    }


def store_checks(result, store):
    result.check("lost (acknowledged, not stored) = 0", not store["lost"], ", ".join(store["lost"][:5]))
    result.check("duplicates = 0", not store["duplicates"], ", ".join(store["duplicates"][:5]))
    result.check("orphan files = 0", not store["orphans"], ", ".join(store["orphans"][:5]))
    result.check(
        "every stored submission has its file, intact",
        not store["missing_files"] and not store["corrupt_files"],
        ", ".join((store["missing_files"] + store["corrupt_files"])[:5]),
    )
    result.check(
        "one receipt queued per acknowledged submission",
        store["receipts_acknowledged"] == store["acknowledged"] and not store["receipts_extra"],
        f"{store['receipts_acknowledged']} of {store['acknowledged']}, {store['receipts_extra']} extra",
    )


def store_rows(store):
    return [
        ["stored", store["stored"]],
        ["lost (acknowledged but not stored)", len(store["lost"])],
        ["stored though the visitor saw no acknowledgement", len(store["stored_unacknowledged"])],
        ["duplicate submissions or references", len(store["duplicates"])],
        ["stored files missing or not what was sent", len(store["missing_files"]) + len(store["corrupt_files"])],
        ["orphan files (on disk, no record)", len(store["orphans"])],
        ["receipts queued for acknowledged submissions", store["receipts_acknowledged"]],
    ]


def log_figures(text):
    """What gunicorn's log says: errors logged by Django, worker timeouts and restarts, exception types."""
    exceptions = Counter()
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z_][\w.]*(?:Error|Exception|Timeout)): ?(.*)", line)
        if match:
            message = re.sub(r'connection to server at "[^"]*", port \d+ failed: ', "", match.group(2))
            exceptions[f"{match.group(1)}: {' '.join(message.split())[:70]}"] += 1
    return {
        "logged 503 (Service Unavailable)": len(re.findall(r"Service Unavailable: ", text)),
        "logged 500 (Internal Server Error)": len(re.findall(r"Internal Server Error: ", text)),
        "worker timeouts": text.count("WORKER TIMEOUT"),
        "workers booted": text.count("Booting worker"),
        "cache-unavailable warnings": text.count("cache unavailable for"),
        "exceptions": exceptions.most_common(6),
    }
