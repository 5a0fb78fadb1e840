from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("HLD Portal administration")
admin.site.site_title = _("HLD Portal")
admin.site.index_title = _("Editorial overview")
# The lists take the whole width: beside the navigation sidebar and a list's filters, a list had 630 px at a 1,280 px
# screen, and the moderation queue's last columns (its files' checks) were scrolled out of sight. The dashboard and
# the breadcrumbs lead to every list.
admin.site.enable_nav_sidebar = False
