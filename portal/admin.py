from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("HLD Portal administration")
admin.site.site_title = _("HLD Portal")
admin.site.index_title = _("Editorial overview")
