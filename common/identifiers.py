"""Identifiers for what the portal gives to other programs (calendar UIDs, feed entry ids) that never change.

They are derived from what never changes about a row, never from the site's address, so a calendar app or a
feed reader keeps recognising an entry when the site moves to another host or port.
"""

import uuid

NAMESPACE = uuid.UUID("5f1d0c8e-6a43-4c55-9a63-2b1c7d1e9f40")


def stable_uuid(*parts):
    """The same UUID for the same parts, e.g. ``stable_uuid("event", pk, created_at)``."""
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))
