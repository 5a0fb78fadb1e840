from django import forms
from django.utils.translation import gettext_lazy as _

from common.widgets import FilterInput


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the portal"), max_length=200, required=False, strip=True, widget=FilterInput)
