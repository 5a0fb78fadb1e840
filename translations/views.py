"""The translators' exchange in the admin: export, import with its report, review, the memory as TMX, status."""

from functools import wraps

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from modeltranslation.translator import translator

from . import exchange
from .forms import ExportForm, ImportForm
from .tracking import mark_reviewed, other_languages, progress_counts, tracked_models


def change_permission(model):
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


def may_translate(user):
    """Whether ``user`` may change some kind of translated content: who may use the translations pages."""
    return any(user.has_perm(change_permission(model)) for model in tracked_models())


def translators_only(view):
    """``view``, refused (403) to those who may translate nothing, such as a moderator or staff without permissions:
    they would find an empty list, forms of no use to them and an export without a unit."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not may_translate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def review_target(obj):
    """The value the review form posts to name ``obj``."""
    return f"{obj._meta.label_lower}.{obj.pk}"


def _items(model, ids=None):
    queryset = model._default_manager.all()
    return queryset.filter(pk__in=ids) if ids else queryset


def form_errors(request, form, title):
    """A 400 page listing what is wrong with ``form``'s answers, under ``title``."""
    context = {**admin.site.each_context(request), "title": title, "form": form}
    return render(request, "translations/form_errors.html", context, status=400)


@require_GET
@translators_only
def export_view(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        return form_errors(request, form, _("Export for translation"))
    data = form.cleaned_data
    language, fmt = data["language"], data["format"]
    found = []
    for model in tracked_models():
        if (data["model"] and model._meta.label_lower != data["model"]) or not request.user.has_perm(
            change_permission(model)
        ):
            continue
        found += exchange.segments(
            _items(model, data["ids"] if data["model"] else None).order_by("pk"),
            language,
            todo_only=data["scope"] == "todo",
        )
    extension, content_type = exchange.FORMATS[fmt]
    response = HttpResponse(exchange.export(found, language, fmt), content_type=content_type)
    name = f"hldportal-{language}-{timezone.now():%Y%m%d}.{fmt}.{extension}".replace(
        f".{extension}.{extension}", f".{extension}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@translators_only
def import_view(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return form_errors(request, form, _("Translation import"))
    context = {**admin.site.each_context(request), "title": _("Translation import")}
    language = form.cleaned_data["language"]
    try:
        report = exchange.import_file(
            form.cleaned_data["file"].read(),
            language,
            user=request.user,
            allowed=lambda model: request.user.has_perm(change_permission(model)),
        )
    except exchange.ImportRefused as refused:
        return render(
            request,
            "translations/import_report.html",
            {**context, "report": refused.report, "refused": True},
            status=400,
        )
    return render(
        request,
        "translations/import_report.html",
        {**context, "report": report, "language_name": get_language_info(language)["name_translated"]},
    )


@require_POST
def review_view(request):
    """Mark one item's translation into one language as reviewed: current again, and remembered."""
    try:
        label, pk = request.POST.get("item", "").rsplit(".", 1)
        model = apps.get_model(label)
    except (ValueError, LookupError):
        raise Http404 from None
    language = request.POST.get("language")
    if model not in translator.get_registered_models() or language not in other_languages():
        raise Http404
    if not request.user.has_perm(change_permission(model)):
        raise PermissionDenied
    obj = model._default_manager.filter(pk=pk).first() if pk.isdigit() else None
    if obj is None:
        raise Http404
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(request.user)
        reversion.set_comment(gettext_noop("Translations marked as reviewed"))  # shown translated (common.history)
        reversion.add_to_revision(obj)
        mark_reviewed(obj, languages=[language])
    messages.success(
        request,
        _("The %(language)s translation of “%(item)s” is current again.")
        % {"language": get_language_info(language)["name_translated"].lower(), "item": obj},
    )
    return redirect(reverse("missing_translations") + f"?language={language}")


def may_take_memory(user):
    """Whether ``user`` may download the translation memory: it holds the text of every kind of content, drafts
    included, and names none of its sources, so only those who may change every kind."""
    return all(user.has_perm(change_permission(model)) for model in tracked_models())


@require_GET
def memory_view(request):
    if not may_take_memory(request.user):
        raise PermissionDenied
    response = HttpResponse(exchange.export_memory(), content_type="application/x-tmx+xml")
    response["Content-Disposition"] = 'attachment; filename="hldportal-memory.tmx"'
    return response


@require_GET
@translators_only
def status_view(request):
    """Per language and per kind of content: how much is translated, missing and outdated, with links."""
    languages = other_languages()
    models = [
        model
        for model in tracked_models()
        if request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
    # Two queries for every kind at once, read from the tallies the tracking keeps (exact, not estimated).
    everything = progress_counts(models, languages) if models else {}
    rows = []
    for model in models:
        counts = everything[model]
        rows.append(
            {
                "label": model._meta.label_lower.replace(".", "-"),
                "name": model._meta.verbose_name_plural,
                "languages": [
                    {"code": code, "name": get_language_info(code)["name_translated"], **counts[code]}
                    for code in languages
                ],
            }
        )
    return render(
        request,
        "translations/status.html",
        {
            **admin.site.each_context(request),
            "title": _("Translation status"),
            "rows": rows,
            "language_names": [get_language_info(code)["name_translated"] for code in languages],
            "default_language": settings.MODELTRANSLATION_DEFAULT_LANGUAGE,
            "may_take_memory": may_take_memory(request.user),
        },
    )
