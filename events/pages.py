"""What higher apps add to an event's page: an explicit extension point instead of reaching upward.

``events`` must not import ``documents`` or ``submissions``: they depend on it. Each of them registers here, in its
``AppConfig.ready()``, what it contributes to an event page: a prefetch on the event, the context it derives from
the prefetched event, and its own templates for named places of the page ("facts", "documents", "calls"). A search
for ``event_page.register`` finds every contributor; the event page knows none of them by name.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Contribution:
    name: str
    prefetch: object  # () -> Prefetch, built per request (querysets are not reused between requests)
    context: object = None  # (event) -> dict
    templates: dict = field(default_factory=dict)  # place -> template name


_contributions = {}


def register(*, name, prefetch, context=None, templates=None):
    """Add (or replace, when an app is loaded again) the contribution ``name`` to every event page."""
    _contributions[name] = Contribution(name, prefetch, context, dict(templates or {}))


def prefetches():
    return [contribution.prefetch() for contribution in _contributions.values()]


def context(event):
    """The contributions' context for ``event`` (prefetched with ``prefetches()``), and their templates by place."""
    values, places = {}, {}
    for contribution in _contributions.values():
        if contribution.context:
            values.update(contribution.context(event))
        for place, template in contribution.templates.items():
            places.setdefault(place, []).append(template)
    return {**values, "page_parts": places}
