from django import template

from portal.editorial import dashboard

register = template.Library()


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    return {"cards": dashboard(context["request"].user)}
