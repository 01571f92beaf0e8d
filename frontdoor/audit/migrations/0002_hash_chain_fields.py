"""SEC-2: the audit log becomes a hash chain (fields; 0003 fills them, 0004 makes seq unique)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default="", max_length=64)),
            ],
            options={"verbose_name": "audit chain head"},
        ),
        migrations.AddField("auditentry", "seq", models.PositiveBigIntegerField(null=True)),
        migrations.AddField(
            "auditentry", "prev_hash", models.CharField(default="", max_length=64), preserve_default=False
        ),
        migrations.AddField("auditentry", "hash", models.CharField(default="", max_length=64), preserve_default=False),
    ]
