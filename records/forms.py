from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from documents.forms import LanguageFileForm
from events.models import Session

from .models import StatementFile


class StatementFileForm(LanguageFileForm):
    class Meta:
        model = StatementFile
        fields = ("language", "file", "url")


class BatchUploadForm(forms.Form):
    """A session and a ZIP of its statements' files, named by delegation and language."""

    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.select_related("event").order_by("event__start_date", "order")
    )
    archive = forms.FileField(
        label=_("ZIP file"),
        help_text=_(
            "Name each file “delegation-letter.extension”: the delegation’s short name, then the UN letter of the "
            "language (A, C, E, F, R, S). E.g. “france-F.pdf”, “iom-E.docx”. Each delegation must already be on "
            "the session’s list of speakers."
        ),
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > settings.DOCUMENT_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(_("The ZIP is larger than the limit."), code="too_large")
        return archive
