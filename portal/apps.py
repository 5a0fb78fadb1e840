from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    # Not the admin's config below: this one is the app's own.
    default = True
    name = "portal"
    verbose_name = _("Portal")


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's own site as ``admin.site``."""

    default = False
    default_site = "portal.admin.PortalAdminSite"
