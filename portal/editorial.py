"""The editors' view across apps: what is untranslated or outdated, drafted or scheduled, and what awaits review."""

from django.conf import settings
from django.contrib import admin
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from common.languages import LETTERS
from common.pagination import LIST_LIMIT, MoreThan, bounded_count
from common.translation_status import Completeness, field_label, translation_status
from documents.models import Document
from events.models import Event, Session
from submissions.models import Call, Submission
from translations.forms import ExportForm, ImportForm
from translations.models import TranslationState
from translations.tracking import other_languages, work_items
from translations.views import may_translate, review_target, translators_only

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


def _work_models(user, model_label=None):
    """(model, related) of the translated models ``user`` may edit, all or the one labelled ``model_label``."""
    return [
        (model, related)
        for model, related in TRANSLATED_MODELS
        if (not model_label or _label(model) == model_label) and user.has_perm(_change_permission(model))
    ]


def _work_rows(model, languages, objects, states):
    """The editors' rows for ``objects`` (items of ``model``), with ``states`` {pk: [outdated TranslationState]}."""
    english = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    rows = []
    for obj in objects:
        outdated = {(state.field, state.language) for state in states.get(obj.pk, ())}
        statuses = [status for status in translation_status(obj, outdated) if status.language in languages]
        missing = [
            {"letter": status.letter, "fields": [field_label(model, name) for name in status.missing_fields]}
            for status in statuses
            if status.missing_fields
        ]
        changes = {
            (state.field, state.source): {
                "field": field_label(model, state.field),
                "before": state.source,
                "after": getattr(obj, f"{state.field}_{english}"),
                "languages": [],
            }
            for state in states.get(obj.pk, ())
        }
        for state in states.get(obj.pk, ()):
            changes[(state.field, state.source)]["languages"].append(LETTERS[state.language])
        rows.append(
            {
                "object": obj,
                "model": model._meta.verbose_name,
                "statuses": [status for status in statuses if status.completeness != Completeness.COMPLETE],
                "missing": missing,
                "changes": list(changes.values()),
                "url": _change_url(obj),
                "review": review_target(obj),
            }
        )
    return rows


class TranslationWork:
    """Published items whose translation is missing in part or outdated, kind after kind, as the editors' rows.

    Read from the stored states (``translations.models.ItemTranslation``), paged by the database: each kind is
    counted up to ``LIST_LIMIT + 1`` items (a LIMIT subquery over an index) and a page reads only its own items,
    so the page costs the same queries whatever the archive holds and whichever kinds the page shows: a count per
    kind, the page's items of each kind, and the English they were translated from. A kind with more than
    ``LIST_LIMIT`` items to do offers its first ``LIST_LIMIT``; ``count()`` then reads "more than 1000".
    """

    def __init__(self, user, *, language=None, model_label=None):
        self.languages = [language] if language else other_languages()
        self.parts = [
            (model, related, work_items(model, self.languages)) for model, related in _work_models(user, model_label)
        ]

    @cached_property
    def counts(self):
        return [ids[: LIST_LIMIT + 1].count() for _model, _related, ids in self.parts]

    def count(self):
        total = sum(min(count, LIST_LIMIT) for count in self.counts)
        return MoreThan(total) if any(count > LIST_LIMIT for count in self.counts) else total

    def __len__(self):
        return int(self.count())

    def __getitem__(self, window):
        """The rows of the items ``window.start`` to ``window.stop`` (a slice, as Paginator asks)."""
        pages, first = [], 0
        for (model, related, ids), count in zip(self.parts, self.counts, strict=True):
            size = min(count, LIST_LIMIT)
            start, stop = max(window.start - first, 0), min(window.stop - first, size)
            # Every kind is read, even one with nothing on this page (an empty condition), so that the page's
            # queries are the same whichever kinds it shows.
            chosen = Q(pk__in=ids[start:stop]) if start < stop else Q(pk__isnull=True)
            pages.append((model, list(model.objects.filter(chosen).select_related(*related).order_by("pk"))))
            first += size
        states = {}
        outdated = TranslationState.objects.outdated().filter(language__in=self.languages)
        shown = Q(pk__isnull=True)
        for model, objects in pages:
            if objects:
                # The content type named by a join, not looked up: the same queries with a cold cache.
                shown |= Q(
                    content_type__app_label=model._meta.app_label,
                    content_type__model=model._meta.model_name,
                    object_id__in=[obj.pk for obj in objects],
                )
        for state in outdated.filter(shown).select_related("content_type"):
            key = (state.content_type.app_label, state.content_type.model, state.object_id)
            states.setdefault(key, []).append(state)
        rows = []
        for model, objects in pages:
            name = (model._meta.app_label, model._meta.model_name)
            of_model = {pk: found for (*kind, pk), found in states.items() if tuple(kind) == name}
            rows += _work_rows(model, self.languages, objects, of_model)
        return rows


def translation_work_count(user):
    """How many published items have a translation to do, counted by the database up to a bound ("more than")."""
    return TranslationWork(user).count()


@method_decorator(translators_only, name="dispatch")
class MissingTranslationsView(TemplateView):
    """Every published item whose French or Spanish is missing, partial or outdated, filterable by language and
    kind, with the old and new English of what changed, and the forms to export the work and import the answer.
    """

    template_name = "admin/missing_translations.html"

    def get_context_data(self, **kwargs):
        request = self.request
        language = request.GET.get("language")
        language = language if language in dict(settings.LANGUAGES) else None
        model_label = request.GET.get("model")
        work = TranslationWork(request.user, language=language, model_label=model_label)
        page = Paginator(work, 100).get_page(request.GET.get("page"))
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(request),
            "title": _("Translations to do"),
            "page_obj": page,
            "rows": page.object_list,
            "count": work.count(),
            "languages": [
                (code, get_language_info(code)["name_translated"])
                for code, _name in settings.LANGUAGES
                if code != default
            ],
            "models": [(_label(model), model._meta.verbose_name_plural) for model in PUBLISHABLE_MODELS],
            "current_language": language,
            "current_model": model_label,
            "export_form": ExportForm(initial={"language": language or "fr", "model": model_label or ""}),
            "import_form": ImportForm(initial={"language": language or "fr"}),
        }


def dashboard(user):
    """Counts and links for the admin's front page, limited to what ``user`` may see."""
    cards = []
    if user.has_perm("submissions.view_submission"):
        waiting = Submission.objects.awaiting_review()
        cards.append(
            {
                "title": _("Submissions to review"),
                "count": bounded_count(waiting),
                "url": reverse("admin:submissions_submission_changelist") + "?status__in=received,under_review",
            }
        )
    editable = [model for model in PUBLISHABLE_MODELS if user.has_perm(_change_permission(model))]
    for title, state in ((_("Drafts"), "draft"), (_("Scheduled"), "scheduled")):
        items = []
        for model in editable:
            count = bounded_count(model.objects.drafts() if state == "draft" else model.objects.scheduled())
            if count:
                items.append(
                    {"label": model._meta.verbose_name_plural, "count": count, "url": _changelist(model, state)}
                )
        total = sum(item["count"] for item in items)
        more = any(isinstance(item["count"], MoreThan) for item in items)
        cards.append({"title": title, "count": MoreThan(total) if more else total, "parts": items})
    if may_translate(user):
        cards.append(
            {
                "title": _("Translations to do"),
                "count": translation_work_count(user),
                "url": reverse("missing_translations"),
            }
        )
    return cards
