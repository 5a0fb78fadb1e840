from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .tracking import other_languages, tracked_models


def language_choices():
    names = dict(settings.LANGUAGES)
    return [(code, _(names[code])) for code in other_languages()]


def model_choices():
    return [("", _("Everything"))] + [
        (model._meta.label_lower, model._meta.verbose_name_plural.capitalize()) for model in tracked_models()
    ]


class ExportForm(forms.Form):
    """What to send to translators, and in which format."""

    language = forms.ChoiceField(label=_("Into"), choices=language_choices)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xliff21", "XLIFF 2.1"), ("xliff12", "XLIFF 1.2"), ("po", "PO (gettext)")],
        help_text=_("Many agencies' tools still read only XLIFF 1.2."),
    )
    scope = forms.ChoiceField(
        label=_("Fields"),
        choices=[("todo", _("Missing or outdated only")), ("all", _("Everything, to review"))],
    )
    model = forms.ChoiceField(label=_("Kind"), choices=model_choices, required=False)
    ids = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_ids(self):
        ids = [part for part in self.cleaned_data["ids"].split(",") if part]
        if not all(part.isdigit() for part in ids):
            raise forms.ValidationError(_("The selection is not valid."), code="invalid_ids")
        return [int(part) for part in ids]


class ImportForm(forms.Form):
    """A translated file back from translators."""

    language = forms.ChoiceField(label=_("Translation into"), choices=language_choices)
    file = forms.FileField(label=_("Translated file"), help_text=_("XLIFF 2.1, XLIFF 1.2 or PO, as exported here."))

    def __init__(self, *args, **kwargs):
        # Shown on the same page as ExportForm, whose "language" would otherwise share its id.
        kwargs.setdefault("auto_id", "id_import_%s")
        super().__init__(*args, **kwargs)
