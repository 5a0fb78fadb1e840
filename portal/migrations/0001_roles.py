from django.db import migrations


def apply_roles(apps, schema_editor):
    from portal.roles import apply_roles as apply
    from portal.roles import create_migration_permissions

    create_migration_permissions(apps)
    apply(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
        ("documents", "0001_initial"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
