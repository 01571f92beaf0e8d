"""SEC-6: audit entries are keyed (HMAC under a key from the environment) and sealed into the
chain after they commit, with no lock on the write path. Existing entries are checked against
their unkeyed chain first (a broken chain stops the migration: run `verify_audit` on the previous
release and investigate), then keyed with the current key and re-sealed in the same order."""

from django.db import migrations, models

from frontdoor.audit.chain import GENESIS, KEYED_FIELDS, entry_hash, entry_mac, seal_hash


def key_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from frontdoor.audit import keys

    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    key_id, key = keys.current_key()
    old_prev, new_prev, seq, batch = GENESIS, GENESIS, 0, []
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        seq += 1
        fields = {name: getattr(entry, name) for name in KEYED_FIELDS}
        if (
            entry.seq != seq
            or entry.prev_hash != old_prev
            or entry_hash({**fields, "seq": seq}, old_prev) != entry.hash
        ):
            raise RuntimeError(
                f"The audit log's chain is broken at entry {seq} (id {entry.pk}): it is not keyed over a broken "
                "chain. Run verify_audit on the previous release and investigate first."
            )
        old_prev = entry.hash
        entry.key_id, entry.mac = key_id, entry_mac(fields, key)
        entry.prev_hash, entry.hash = new_prev, seal_hash(seq, new_prev, entry.mac, key)
        new_prev = entry.hash
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["key_id", "mac", "prev_hash", "hash"])
            batch = []
    if batch:
        AuditEntry.objects.bulk_update(batch, ["key_id", "mac", "prev_hash", "hash"])
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != seq or (seq and head.hash != old_prev)):
        raise RuntimeError("The audit log's chain head does not match its last entry: entries were removed or added.")
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": new_prev if seq else ""})


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_hash_chain_unique")]

    operations = [
        migrations.AddField("auditentry", "key_id", models.CharField(default="", max_length=32)),
        migrations.AddField("auditentry", "mac", models.CharField(default="", max_length=64)),
        migrations.AlterField("auditentry", "hash", models.CharField(blank=True, max_length=64)),
        migrations.AlterField("auditentry", "prev_hash", models.CharField(blank=True, max_length=64)),
        migrations.AlterField("auditentry", "seq", models.PositiveBigIntegerField(blank=True, null=True, unique=True)),
        migrations.AddIndex(
            "auditentry",
            models.Index(condition=models.Q(("seq__isnull", True)), fields=["id"], name="audit_entry_unsealed"),
        ),
        migrations.RunPython(key_existing, migrations.RunPython.noop, elidable=False),
    ]
