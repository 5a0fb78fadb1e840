"""Orders that put NULL in the same place on PostgreSQL and on the embedded SQLite.

PostgreSQL sorts NULL after every value (first in a descending order, as its descending indexes hold it); SQLite
sorts it before every value. A list ordered by a field that may be NULL (a document's date) says where NULL goes,
PostgreSQL's place, so that both databases list an undated document in the same place and split the list into
the same pages; on PostgreSQL the order is the one its indexes give, unchanged.
"""

from django.db.models import F


def nulls_largest(name):
    """The order of field ``name`` ("-date": descending) with NULL after every value, as PostgreSQL sorts it."""
    if name.startswith("-"):
        return F(name.removeprefix("-")).desc(nulls_first=True)
    return F(name).asc(nulls_last=True)
