from django.views.generic import TemplateView

from documents.models import Document
from events.models import Event


class HomeView(TemplateView):
    """The featured events first, then recent events and the latest documents."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = Event.objects.published()
        context["featured_events"] = events.featured().order_by("-start_date")[:1]
        context["events"] = events.filter(is_featured=False).order_by("-start_date")[:5]
        context["documents"] = Document.objects.published().with_versions().order_by("-date", "pk")[:6]
        return context
