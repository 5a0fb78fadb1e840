"""What higher apps add to an event's page: an explicit extension point instead of reaching upward.

``events`` must not import ``documents`` or ``submissions``: they depend on it. Each of them registers here, in its
``AppConfig.ready()``, what it contributes to an event page (in its ``event_page.py``): the context it reads for the
event, and its own templates for named places of the page ("facts", "documents", "calls"). A search for
``event_page.register`` finds every contributor; the event page knows none of them by name.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Contribution:
    name: str
    context: object  # (event) -> dict
    templates: dict = field(default_factory=dict)  # place -> template name


_contributions = {}


def register(*, name, context, templates=None):
    """Add (or replace, when an app is loaded again) the contribution ``name`` to every event page."""
    _contributions[name] = Contribution(name, context, dict(templates or {}))


def context(event):
    """The contributions' context for ``event``, and their templates by place."""
    values, places = {}, {}
    for contribution in _contributions.values():
        values.update(contribution.context(event))
        for place, template in contribution.templates.items():
            places.setdefault(place, []).append(template)
    return {**values, "page_parts": places}
