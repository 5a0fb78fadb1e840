"""What submissions add to an event page (events/pages.py): its calls, each with its published submissions and
their publishable files, EVENT_PAGE_SUBMISSIONS of them and one more, which says that there are more (a big
consultation receives thousands)."""

from common.compiled import CompiledQuery, attach

from . import models
from .models import Call, Submission, SubmissionFile

# Compiled once (common/compiled.py): building them cost a cold event page more than running them.
EVENT_CALLS = CompiledQuery(lambda event: Call.objects.for_event_page().filter(event=event), event="key", prepared=True)
SUBMISSIONS = CompiledQuery(
    lambda calls: Submission.objects.listed_rows().first_of_each_call(calls, models.EVENT_PAGE_SUBMISSIONS + 1),
    calls="keys",
    prepared=True,
)
FILES = CompiledQuery(
    lambda submissions: SubmissionFile.objects.listed().filter(submission__in=submissions),
    submissions="keys",
    prepared=True,
)


def event_calls(event):
    calls = EVENT_CALLS(event=event.pk)
    for call in calls:
        call.event = event  # as a prefetch would: a call without a deadline closes when its event begins
    submissions = SUBMISSIONS(calls=[call.pk for call in calls])
    attach(submissions, "public_files", FILES(submissions=[submission.pk for submission in submissions]), "submission")
    attach(calls, "public_submissions", submissions, "call")
    return {"calls": calls}
