import common.models
from django.db import migrations, models

# What the feeds dated a published submission from until now: its last decision to publish (a submission published
# again after leaving publication is news again), or its receipt when no decision recorded it.
FROM_DECISIONS = """
UPDATE submissions_submission SET published_at = COALESCE(
    (
        SELECT MAX(decision.at) FROM submissions_decision AS decision
        WHERE decision.submission_id = submissions_submission.id
        AND decision.to_status = 'published' AND decision.from_status <> 'published'
    ),
    created_at
)
WHERE status = 'published'
"""


class Migration(migrations.Migration):

    dependencies = [
        ("submissions", "0010_search_plain_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="published_at",
            field=common.models.PublishedAtField(blank=True, editable=False, null=True, verbose_name="published"),
        ),
        migrations.RunSQL(FROM_DECISIONS, migrations.RunSQL.noop, elidable=True),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="submission_published",
            ),
        ),
    ]
