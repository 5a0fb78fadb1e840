import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.countries import OTHER
from uploads.checks import InspectionBudget, check_upload, policy_summary
from uploads.names import display_name

from .models import SUBMITTED_FIELDS, Category, Submission
from .text import check_email_lengths, check_single_line, check_text


def is_state(code):
    return bool(code) and str(code) != OTHER


# Names and titles are one line; a line break in them would break the email headers they end up in.
SINGLE_LINE_FIELDS = ("organisation", "contact_name", "email", "phone", "title")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each checked like a single file."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class FormKeyField(forms.UUIDField):
    """The hidden key of a blank form; anything else a tampered form sends counts as no key, not as an error to fix."""

    widget = forms.HiddenInput

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            return None


# The sender's details a browser may offer to fill in (autocomplete tokens of the HTML standard).
AUTOCOMPLETE = {
    "organisation": "organization",
    "country": "country",
    "contact_name": "name",
    "email": "email",
    "phone": "tel",
}


class SubmissionForm(forms.ModelForm):
    """The public intake form: every field explicit, every error said in the visitor's language."""

    # Empty files are allowed through here so that the project's own message, naming the file, explains the refusal.
    files = MultipleFileField(
        label=_("Your submission (files to publish)"),
        required=False,
        allow_empty_file=True,
        help_text=_("The text to publish. You can choose several files."),
    )
    annexes = MultipleFileField(
        label=_("Annexes not for publication"),
        required=False,
        allow_empty_file=True,
        help_text=_("Seen only by the reviewing staff; never published."),
    )
    # A new key with each blank form, kept when the form comes back with errors: see Submission.form_key.
    form_key = FormKeyField(required=False, initial=uuid.uuid4)
    # A field people cannot see: automated senders fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    # An explicit choice: nobody is told "received" and later learns that a box they missed kept it unpublished.
    consent_to_publish = forms.TypedChoiceField(
        label=_("Publication"),
        choices=[
            ("yes", _("Publish my submission on this site once it has been reviewed")),
            ("no", _("Keep it for the record only: do not publish it")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether your submission may be published.")},
    )

    class Meta:
        model = Submission
        fields = SUBMITTED_FIELDS
        help_texts = {
            "organisation": _("The State, organization or institution that makes the submission."),
            "country": _("Required for a Member State; for others, the country where you are based, if any."),
            "email": _("The receipt and any later message about your submission are sent here."),
            "phone": _("Optional, in international form, e.g. +41 22 917 90 00."),
            "language": _("The language your submission is written in."),
        }

    def __init__(self, *args, call, upload_handler=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.upload_handler = upload_handler
        self.fields["category"].choices = [("", _("Choose a category")), *Category.choices]
        for name, prompt in (("language", _("Choose a language")), ("country", _("Choose a country"))):
            self.fields[name].choices = [("", prompt), *list(self.fields[name].choices)[1:]]
        # What a browser may fill in from the sender's own details (WCAG 1.3.5), and text typed in any direction
        # shown as typed: a name in Arabic stays in its order in the field.
        for name, purpose in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = purpose
        for name in ("organisation", "contact_name", "title"):
            self.fields[name].widget.attrs["dir"] = "auto"
        accept = ",".join(f".{kind.extension}" for kind in call.accepted_kinds)
        for name in ("files", "annexes"):
            self.fields[name].widget.attrs["accept"] = accept
        self.fields["files"].help_text = format_lazy("{} {}", self.fields["files"].help_text, self.policy())

    def policy(self):
        return policy_summary(self.call.accepted_types)

    def clean_email(self):
        return check_email_lengths(self.cleaned_data["email"])

    def _check_text_fields(self):
        for name, value in list(self.cleaned_data.items()):
            if not isinstance(value, str) or name == "website":
                continue
            if name in SINGLE_LINE_FIELDS and "\t" in value:
                # A tab pasted with a name from a spreadsheet: a space, which the field shows, not a refusal of a
                # character nobody can see.
                value = self.cleaned_data[name] = " ".join(value.replace("\t", " ").split())
            try:
                check_text(value)
                if name in SINGLE_LINE_FIELDS:
                    check_single_line(value)
            except ValidationError as error:
                self.add_error(name, error)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("This submission looks automated and was not accepted."), code="honeypot")
        return ""

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not all(ch.isdigit() or ch in "+ ()-./" for ch in phone):
            raise ValidationError(_("Write the phone number with digits, spaces and + only."), code="phone")
        return phone

    @staticmethod
    def _once(checked):
        """``checked`` files with each content once: the same file chosen twice in a box is one file, not two
        published side by side."""
        kept = {}
        for file in checked:
            kept.setdefault(file.sha256, file)
        return list(kept.values())

    def _checked(self, field, uploads, budget):
        """``uploads`` of ``field`` as CheckedFiles, checked within the request's ``budget``; each refusal added to
        the field with its reason."""
        checked = []
        for upload in uploads:
            try:
                checked.append(
                    check_upload(
                        upload, accepted=self.call.accepted_types, max_size=self.call.max_file_size, budget=budget
                    )
                )
            except ValidationError as error:
                self.add_error(field, error)
        return checked

    def clean(self):
        cleaned = super().clean()
        # Taken before any error is added: add_error drops the field's cleaned value, and each file is checked
        # whatever another one's problem, so that a visitor learns every problem at once.
        sent = {name: cleaned.get(name, []) for name in ("files", "annexes")}
        self._check_text_fields()
        if cleaned.get("category") == Category.MEMBER_STATE and not is_state(cleaned.get("country")):
            self.add_error(
                "country", ValidationError(_("Choose the country of the Member State."), code="country_required")
            )
        handler = self.upload_handler
        if handler and handler.over_total:
            raise ValidationError(
                _("Your files together are larger than the limit of %(limit)s. Send fewer or smaller files."),
                code="total_too_large",
                params={"limit": filesizeformat(self.call.max_total_size)},
            )
        if handler and handler.too_many:
            raise ValidationError(self._too_many_message(), code="too_many_files")
        for field, name in handler.refused if handler else ():
            self.add_error(
                field,
                ValidationError(
                    _("The file “%(name)s” is larger than the limit of %(limit)s."),
                    code="too_large",
                    params={"name": display_name(name), "limit": filesizeformat(self.call.max_file_size)},
                ),
            )
        budget = InspectionBudget()
        public = self._once(self._checked("files", sent["files"], budget))
        private = self._once(self._checked("annexes", sent["annexes"], budget))
        for twice in {checked.sha256 for checked in public} & {checked.sha256 for checked in private}:
            name = next(checked.name for checked in private if checked.sha256 == twice)
            self.add_error(
                "annexes",
                ValidationError(
                    _(
                        "The file “%(name)s” was attached both to publish and as an annex: attach it once, where it "
                        "belongs."
                    ),
                    code="attached_twice",
                    params={"name": display_name(name)},
                ),
            )
        everything = public + private
        if not everything and not self.has_error("files") and not self.has_error("annexes"):
            self.add_error("files", ValidationError(_("Attach at least one file."), code="no_file"))
        elif cleaned.get("consent_to_publish") and not public and not self.has_error("files"):
            # Annexes alone with publication chosen: the text put in the wrong box, which would be listed with
            # nothing to read.
            self.add_error(
                "files",
                ValidationError(
                    _("Attach here the text to publish, or choose to keep your submission for the record only."),
                    code="nothing_to_publish",
                ),
            )
        if len(everything) > self.call.max_files:
            raise ValidationError(self._too_many_message(), code="too_many_files")
        if sum(checked.size for checked in everything) > self.call.max_total_size:
            raise ValidationError(
                _("Your files together are larger than the limit of %(limit)s. Send fewer or smaller files."),
                code="total_too_large",
                params={"limit": filesizeformat(self.call.max_total_size)},
            )
        cleaned["uploads"] = [(checked, True) for checked in public] + [(checked, False) for checked in private]
        return cleaned

    def _too_many_message(self):
        return ngettext("Send at most %(count)d file.", "Send at most %(count)d files.", self.call.max_files) % {
            "count": self.call.max_files
        }

    def details(self):
        """The submission's fields as the service takes them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, withdraw my submission."))


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason sent to the submitter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The submitter receives it by email, in the language of their submission."),
    )
