from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """The editors' and moderators' admin (the default site, through portal.apps.PortalAdminConfig)."""

    site_header = _("HLD Portal administration")
    site_title = _("HLD Portal")
    index_title = _("Editorial overview")
    # The lists take the whole width: beside the navigation sidebar and a list's filters, a list had 630 px at a
    # 1,280 px screen, and the moderation queue's last columns (its files' checks) were scrolled out of sight. The
    # dashboard and the breadcrumbs lead to every list.
    enable_nav_sidebar = False

    def get_urls(self):
        # Django's "view on site" address (r/<content type>/<id>/) asks only for a staff account: any, with no
        # permission, could walk every model's ids to the public address of each, drafts' slugs included.
        return [
            path("r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"),
            *super().get_urls(),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """The object's public address, for a user who may view or change its model.

        Django's own view also takes the site's address from the request's Host; this one sends the address as
        the object gives it (a path on this site, or another site's address).
        """
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        if model is None or not hasattr(model, "get_absolute_url"):
            raise Http404
        if not self.may_view(request, model):
            raise PermissionDenied
        try:
            obj = model._base_manager.get(pk=object_id)
        except (model.DoesNotExist, ValidationError, ValueError):  # a UUID key refuses "1" with a ValidationError
            raise Http404 from None
        return HttpResponseRedirect(obj.get_absolute_url())

    def may_view(self, request, model):
        if model_admin := self._registry.get(model):
            return model_admin.has_view_or_change_permission(request)
        opts = model._meta
        return any(
            request.user.has_perm(f"{opts.app_label}.{codename}")
            for codename in (f"view_{opts.model_name}", f"change_{opts.model_name}")
        )
