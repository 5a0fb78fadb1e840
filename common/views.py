from django.utils.translation import gettext as _


class PreviewMixin:
    """Let staff preview drafts with ``?preview=1``, through the view and template the public gets."""

    def is_preview(self):
        return self.request.GET.get("preview") == "1" and self.request.user.is_staff

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_preview():
            context["preview_notice"] = _("Preview: drafts and scheduled items are shown. Visitors do not see them.")
        return context


class PublishedMixin(PreviewMixin):
    """Show the public only what is published; staff previewing see everything."""

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.is_preview() else queryset.published()
