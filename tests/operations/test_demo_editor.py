"""The demo editor: made for a demo's database, and refused where it could open a real site to a printed password."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def create(*arguments):
    output = io.StringIO()
    call_command("create_demo_editor", *arguments, stdout=output)
    return output.getvalue()


def test_a_demos_database_gets_the_editor_and_its_password_printed(settings):
    settings.DEBUG = True

    printed = create()

    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff
    assert editor.check_password(printed.split("password: ")[1].strip())
    assert create() != printed  # made again: a new password


def test_a_database_with_other_accounts_is_refused_even_with_debug_on(settings):
    settings.DEBUG = True  # what manage.py sets in a shell without SECRET_KEY, whatever the database
    get_user_model().objects.create_user("ana", password="x", is_staff=True)

    with pytest.raises(CommandError, match="other account"):
        create()
    assert not get_user_model().objects.filter(username="editor").exists()
    create("--force")
    assert get_user_model().objects.filter(username="editor").exists()


def test_debug_off_is_refused(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="for development"):
        create()
