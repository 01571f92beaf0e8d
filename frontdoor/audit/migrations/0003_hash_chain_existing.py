"""SEC-2: the audit log becomes a hash chain. Existing entries are numbered in the order
they were written (by id) and hashed, and the chain head is set to the last of them."""

from django.db import migrations

from frontdoor.audit.chain import GENESIS, canonical_detail, entry_hash


def chain_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    prev_hash, seq = GENESIS, 0
    batch = []
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        seq += 1
        entry.seq, entry.detail = seq, canonical_detail(entry.detail)
        fields = {
            "seq": seq,
            "at": entry.at,
            "actor_id": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "reason": entry.reason,
            "detail": entry.detail,
        }
        entry.prev_hash, entry.hash = prev_hash, entry_hash(fields, prev_hash)
        prev_hash = entry.hash
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["seq", "detail", "prev_hash", "hash"])
            batch = []
    if batch:
        AuditEntry.objects.bulk_update(batch, ["seq", "detail", "prev_hash", "hash"])
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": prev_hash if seq else ""})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain_fields")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop, elidable=False)]
