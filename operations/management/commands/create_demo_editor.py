import secrets

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from portal.roles import EDITORS, MODERATORS, apply_roles

USERNAME = "editor"


class Command(BaseCommand):
    help = "Create (or reset) the demo editor account with a fresh random password, and print it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off or the database has other accounts."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("The demo editor is for development; pass --force to create it with DEBUG off.")
        # DEBUG alone is no proof: manage.py turns it on in any shell without SECRET_KEY, also one that names a real
        # site's database. A demo's database has no account but this one.
        others = get_user_model().objects.exclude(username=USERNAME).count()
        if others and not force:
            raise CommandError(
                f"This database has {others} other account(s): it looks like a real site's, where a staff account "
                "with a printed password has no place. Pass --force to create the demo editor anyway."
            )
        apply_roles(django_apps)
        password = secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "editor@example.org", "first_name": "Demo", "last_name": "Editor"}
        )
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=[EDITORS, MODERATORS]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor account — sign in at {settings.SITE_URL}/admin/\n"
                f"  username: {USERNAME}\n  password: {password}"
            )
        )
