"""Build the POST data of an admin change form from the page the admin rendered, as a browser would."""

from django.db.models.fields.files import FieldFile


def _field_values(form):
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or isinstance(value, FieldFile):
            continue  # a browser never sends a stored file back
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = value if hasattr(value, "read") else str(value)
    return data


def admin_form_data(response):
    """The data the admin change form would submit unchanged: main form, inlines and management forms."""
    data = _field_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({bound.html_name: str(bound.value()) for bound in management})
        for form in formset.forms:
            data.update(_field_values(form))
    return {key: value for key, value in data.items() if not hasattr(value, "read")}
