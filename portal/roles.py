"""The editorial roles and what each may do, applied by a data migration."""

EDITORS = "Editors"
MODERATORS = "Moderators"

# app label -> models -> actions, for each role. Editors never see users or submitters' personal data;
# moderators see submissions and their files, and the emails about them that could not be sent, only.
PERMISSIONS = {
    EDITORS: {
        "events": {"event": ("add", "change", "delete", "view"), "session": ("add", "change", "delete", "view")},
        "documents": {
            "document": ("add", "change", "delete", "view"),
            "version": ("add", "change", "delete", "view"),
            "eventdocument": ("add", "change", "delete", "view"),
        },
        "submissions": {"call": ("add", "change", "delete", "view")},
        "records": {
            "delegation": ("add", "change", "delete", "view"),
            "statement": ("add", "change", "delete", "view"),
            "statementfile": ("add", "change", "delete", "view"),
            "sessionrecord": ("add", "change", "delete", "view"),
        },
    },
    MODERATORS: {
        # The emails to submitters and moderators that could not be sent, to reach them another way.
        "outbox": {"outgoingemail": ("delete", "view")},
        "submissions": {
            "submission": ("change", "view"),
            "submissionfile": ("view",),
            "decision": ("view",),
        },
    },
}


def create_migration_permissions(apps):
    """Permissions are made after migrations by default; a data migration needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def apply_roles(apps):
    """Create the groups (again, if they are gone) and give them exactly the permissions listed above."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in grants.items()
            for model, actions in models.items()
            for action in actions
        ]
        permissions = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in codenames]
        group.permissions.set(permissions)
