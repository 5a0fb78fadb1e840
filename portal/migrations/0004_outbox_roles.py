from django.db import migrations


def apply_roles(apps, schema_editor):
    from portal.roles import apply_roles as apply
    from portal.roles import create_migration_permissions

    create_migration_permissions(apps)
    apply(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_records_roles"),
        ("outbox", "0002_retries"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
