"""What the benchmark asks of the site's own Django, run inside ``manage.py shell`` with the site's settings.

    manage.py shell -c "from bench import django_side; django_side.staff_session()"   # prints a session key
    manage.py shell -c "from bench import django_side; django_side.queries('/admin/', '/en/')"  # JSON lines

``staff_session``: a superuser ``bench`` (made once) and a session signed in as it, for wrk's ``Cookie`` header.
``queries``: the number of SQL queries each path costs a signed-in editor (the page cache never answers them),
counted on a second request so that what a worker loads once (content types, the site's settings) is not counted.
"""

import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

USERNAME = "bench"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def staff_user():
    user, _new = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"email": "bench@example.org", "is_staff": True, "is_superuser": True}
    )
    return user


def staff_session():
    user = staff_user()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = MODEL_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    print(store.session_key)


def queries(*paths):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff_user(), backend=MODEL_BACKEND)
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        print(json.dumps({"path": path, "status": status, "queries": len(captured)}))
