"""The editors' view across apps: what is untranslated, drafted or scheduled, and what awaits review."""

from django.conf import settings
from django.contrib import admin
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from common.translation_status import Completeness, translation_status
from documents.models import Document
from events.models import Event, Session
from submissions.models import Call, Submission

# The translated models editors publish, with what to load for each row's label.
TRANSLATED_MODELS = (
    (Event, ()),
    (Session, ("event",)),
    (Document, ()),
    (Call, ("event",)),
)
PUBLISHABLE_MODELS = tuple(model for model, _related in TRANSLATED_MODELS)


def _label(model):
    return model._meta.label_lower.replace(".", "-")


def _change_url(obj):
    # Sessions are edited inside their event.
    target = obj.event if isinstance(obj, Session) else obj
    return reverse(f"admin:{target._meta.app_label}_{target._meta.model_name}_change", args=[target.pk])


def _change_permission(model):
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


def _changelist(model, publication):
    # Sessions have no list of their own: their events' list, filtered the same way, leads to them.
    target = Event if model is Session else model
    url = reverse(f"admin:{target._meta.app_label}_{target._meta.model_name}_changelist")
    return f"{url}?publication={publication}" if target is model else url


def untranslated_items(user, *, language=None, model_label=None):
    """Published items with a missing or partial translation, as rows for the editors' page."""
    languages = [language] if language else None
    rows = []
    for model, related in TRANSLATED_MODELS:
        if model_label and _label(model) != model_label:
            continue
        if not user.has_perm(_change_permission(model)):
            continue
        for obj in model.objects.published().select_related(*related):
            statuses = [
                status
                for status in translation_status(obj)
                if status.completeness != Completeness.COMPLETE and (languages is None or status.language in languages)
            ]
            if statuses:
                rows.append(
                    {"object": obj, "model": model._meta.verbose_name, "statuses": statuses, "url": _change_url(obj)}
                )
    return rows


class MissingTranslationsView(TemplateView):
    """Every published item whose French or Spanish is missing or partial, filterable by language and kind."""

    template_name = "admin/missing_translations.html"

    def get_context_data(self, **kwargs):
        request = self.request
        language = request.GET.get("language")
        language = language if language in dict(settings.LANGUAGES) else None
        model_label = request.GET.get("model")
        rows = untranslated_items(request.user, language=language, model_label=model_label)
        page = Paginator(rows, 100).get_page(request.GET.get("page"))
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(request),
            "title": _("Missing translations"),
            "page_obj": page,
            "rows": page.object_list,
            "count": len(rows),
            "languages": [
                (code, get_language_info(code)["name_translated"])
                for code, _name in settings.LANGUAGES
                if code != default
            ],
            "models": [(_label(model), model._meta.verbose_name_plural) for model in PUBLISHABLE_MODELS],
            "current_language": language,
            "current_model": model_label,
        }


def dashboard(user):
    """Counts and links for the admin's front page, limited to what ``user`` may see."""
    cards = []
    if user.has_perm("submissions.view_submission"):
        waiting = Submission.objects.awaiting_review()
        cards.append(
            {
                "title": _("Submissions to review"),
                "count": waiting.count(),
                "url": reverse("admin:submissions_submission_changelist") + "?status__in=received,under_review",
            }
        )
    editable = [model for model in PUBLISHABLE_MODELS if user.has_perm(_change_permission(model))]
    for title, state in ((_("Drafts"), "draft"), (_("Scheduled"), "scheduled")):
        items = []
        for model in editable:
            count = model.objects.drafts().count() if state == "draft" else model.objects.scheduled().count()
            if count:
                items.append(
                    {"label": model._meta.verbose_name_plural, "count": count, "url": _changelist(model, state)}
                )
        cards.append({"title": title, "count": sum(item["count"] for item in items), "parts": items})
    if editable:
        cards.append(
            {
                "title": _("Missing translations"),
                "count": len(untranslated_items(user)),
                "url": reverse("missing_translations"),
            }
        )
    return cards
