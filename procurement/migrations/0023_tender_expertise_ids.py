"""The tender list's expertise filter reads a GIN index.

"In the expertise area" was EXISTS(the tender's areas): the capped count of a
filtered page walked the M2M rows of a wide area (12 ms at 100,000 tenders).
The database now keeps tender.expertise_ids (the ids, ascending) itself, as
0017 keeps region_codes: a BEFORE trigger fills it on every write of the
column (Django's save writes every column, so a stale copy in memory cannot
overwrite it), statement triggers rewrite the tenders whose areas changed
(only those whose array differs), whoever writes the M2M rows."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

FORWARD = """
CREATE FUNCTION tender_expertise_ids(tender_id bigint)
RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(expertisearea_id ORDER BY expertisearea_id), '{}')
  FROM procurement_tender_expertise_areas WHERE tender_id = $1
$$;

CREATE FUNCTION tender_fill_expertise_ids() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.expertise_ids := tender_expertise_ids(NEW.id);
  RETURN NEW;
END $$;

CREATE TRIGGER tender_expertise_ids_fill
BEFORE INSERT OR UPDATE OF expertise_ids ON procurement_tender
FOR EACH ROW EXECUTE FUNCTION tender_fill_expertise_ids();

CREATE FUNCTION tender_expertise_ids_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE procurement_tender t SET expertise_ids = tender_expertise_ids(t.id)
  WHERE t.id IN (SELECT tender_id FROM changed_rows)
    AND t.expertise_ids IS DISTINCT FROM tender_expertise_ids(t.id);
  RETURN NULL;
END $$;

CREATE TRIGGER tender_expertise_ids_added
AFTER INSERT ON procurement_tender_expertise_areas
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION tender_expertise_ids_changed();

CREATE TRIGGER tender_expertise_ids_removed
AFTER DELETE ON procurement_tender_expertise_areas
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION tender_expertise_ids_changed();

UPDATE procurement_tender SET expertise_ids = '{}'
WHERE id IN (SELECT tender_id FROM procurement_tender_expertise_areas);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS tender_expertise_ids_removed
  ON procurement_tender_expertise_areas;
DROP TRIGGER IF EXISTS tender_expertise_ids_added
  ON procurement_tender_expertise_areas;
DROP FUNCTION IF EXISTS tender_expertise_ids_changed();
DROP TRIGGER IF EXISTS tender_expertise_ids_fill ON procurement_tender;
DROP FUNCTION IF EXISTS tender_fill_expertise_ids();
DROP FUNCTION IF EXISTS tender_expertise_ids(bigint);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0022_seal_bid_file_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='tender',
            name='expertise_ids',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), blank=True, db_default=models.Value([], output_field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), size=None)), default=list, editable=False, size=None),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name='tender',
            index=django.contrib.postgres.indexes.GinIndex(fields=['expertise_ids'], name='tender_expertise_ids_gin'),
        ),
        # the planner's statistics of the new column
        migrations.RunSQL("ANALYZE procurement_tender", migrations.RunSQL.noop),
    ]
