from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class ArticlePage(Page):
    """One page with a summary and a rich-text body: what a new Wagtail site serves."""

    summary = models.CharField(max_length=300, blank=True)
    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
