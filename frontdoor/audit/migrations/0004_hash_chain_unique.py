"""SEC-2: every entry has its place in the chain; the DPO's search by staff member is indexed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain_existing")]

    operations = [
        migrations.AlterField("auditentry", "seq", models.PositiveBigIntegerField(unique=True)),
        migrations.AddIndex("auditentry", models.Index(fields=["actor", "at"], name="audit_audit_actor_i_bbfd3b_idx")),
    ]
