from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import OutgoingEmail


class GivenUpFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "given_up"

    def lookups(self, request, model_admin):
        return (("yes", _("Given up")), ("no", _("Waiting")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.given_up()
        if self.value() == "no":
            return queryset.filter(given_up_at=None)
        return queryset


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The emails waiting to be sent and those given up after failing every attempt, for staff to reach their
    recipients another way. No body is shown: a receipt's holds the submitter's private status link."""

    list_display = ("subject", "recipients", "state", "attempts", "last_error", "created_at")
    list_filter = (GivenUpFilter,)
    ordering = ("-created_at", "-pk")
    fields = ("subject", "recipients", "state", "attempts", "last_error", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.given_up_at:
            return _("Given up: tell its recipients another way, then delete it")
        if obj.attempts:
            return _("Failed, to be tried again")
        return _("Waiting")
