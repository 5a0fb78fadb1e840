from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Written submissions")

    def ready(self):
        from delivery.cache import invalidate_on_change

        from .models import Call, Decision, Status, Submission

        # Pages and the navigation say which calls are open: a call's opening and deadline change them.
        invalidate_on_change(
            Call, scheduled=True, clock=lambda: Call.objects.published().next_moment("opens_at", "closes_at")
        )
        # Only what the public sees: a submission entering or leaving publication, or a published one edited.
        invalidate_on_change(
            Decision, when=lambda decision: Status.PUBLISHED in (decision.from_status, decision.to_status)
        )
        invalidate_on_change(Submission, when=lambda submission: submission.status == Status.PUBLISHED)

        from events import pages as event_page

        from .event_page import event_calls

        event_page.register(
            name="calls",
            context=event_calls,
            templates={"calls": "submissions/includes/event_calls.html"},
        )
