"""The tender list's search and region filter read indexes.

UPPER(title_*) LIKE … OR UPPER(municipality.name_*) LIKE … had no index (a
full scan joined to the municipalities: 400–550 ms at 100,000 tenders). The
database now keeps tender.search_text, lowered (plain text, so it can later
be folded like the registry's search): a BEFORE trigger fills it from the
titles and the municipality's names on every write of a tender row, and a
statement trigger touches a municipality's tenders when its names change.

"Of the region's municipalities or with work in the region" was an OR with
EXISTS that no index answers; tender.region_codes (the municipality's region
and the regions of the work) is kept the same way and GIN-indexed. The sorts
get (field, id) indexes."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models


FORWARD = """
CREATE FUNCTION tender_search_text(tender procurement_tender) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT lower(concat_ws(' ', tender.title, tender.title_ky, tender.title_ru,
                         tender.title_en, m.name, m.name_ky, m.name_ru, m.name_en))
  FROM (SELECT 1) one
  LEFT JOIN municipalities_municipality m ON m.id = tender.municipality_id
$$;

CREATE FUNCTION tender_fill_search_text() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := tender_search_text(NEW);
  RETURN NEW;
END $$;

CREATE TRIGGER tender_search_text_fill
BEFORE INSERT OR UPDATE ON procurement_tender
FOR EACH ROW EXECUTE FUNCTION tender_fill_search_text();

CREATE FUNCTION tender_region_codes(tender_id bigint, municipality_id bigint)
RETURNS varchar(8)[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(code ORDER BY code), '{}') FROM (
    SELECT region_id AS code FROM municipalities_municipality WHERE id = $2
    UNION
    SELECT region_id FROM procurement_tender_regions WHERE tender_id = $1
  ) codes
$$;

CREATE FUNCTION tender_fill_region_codes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.region_codes := tender_region_codes(NEW.id, NEW.municipality_id);
  RETURN NEW;
END $$;

CREATE TRIGGER tender_region_codes_fill
BEFORE INSERT OR UPDATE ON procurement_tender
FOR EACH ROW EXECUTE FUNCTION tender_fill_region_codes();

CREATE FUNCTION tender_regions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE procurement_tender SET region_codes = '{}'
  WHERE id IN (SELECT tender_id FROM changed_rows);
  RETURN NULL;
END $$;

CREATE TRIGGER tender_regions_added
AFTER INSERT ON procurement_tender_regions
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION tender_regions_changed();

CREATE TRIGGER tender_regions_removed
AFTER DELETE ON procurement_tender_regions
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION tender_regions_changed();

CREATE FUNCTION municipality_renamed_for_tenders() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE procurement_tender SET search_text = ''
  WHERE municipality_id IN (
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.name, n.name_ky, n.name_ru, n.name_en, n.region_id)
          IS DISTINCT FROM (o.name, o.name_ky, o.name_ru, o.name_en, o.region_id)
  );
  RETURN NULL;
END $$;

CREATE TRIGGER municipality_renamed_for_tenders
AFTER UPDATE ON municipalities_municipality
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION municipality_renamed_for_tenders();

UPDATE procurement_tender SET search_text = '';
"""

BACKWARD = """
DROP TRIGGER IF EXISTS municipality_renamed_for_tenders
  ON municipalities_municipality;
DROP FUNCTION IF EXISTS municipality_renamed_for_tenders();
DROP TRIGGER IF EXISTS tender_regions_removed ON procurement_tender_regions;
DROP TRIGGER IF EXISTS tender_regions_added ON procurement_tender_regions;
DROP FUNCTION IF EXISTS tender_regions_changed();
DROP TRIGGER IF EXISTS tender_region_codes_fill ON procurement_tender;
DROP FUNCTION IF EXISTS tender_fill_region_codes();
DROP FUNCTION IF EXISTS tender_region_codes(bigint, bigint);
DROP TRIGGER IF EXISTS tender_search_text_fill ON procurement_tender;
DROP FUNCTION IF EXISTS tender_fill_search_text();
DROP FUNCTION IF EXISTS tender_search_text(procurement_tender);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('consultants', '0008_registry_figures_by_region'),
        ('municipalities', '0006_merge_phones_review_body'),
        ('procurement', '0016_tender_status_all_states'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='tender',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name="tender",
            name="region_codes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=8),
                blank=True,
                default=list,
                editable=False,
                size=None,
            ),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name="tender",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["region_codes"], name="tender_region_codes_gin"
            ),
        ),
        migrations.AddIndex(
            model_name='tender',
            index=models.Index(fields=['-published_at', '-id'], name='tender_published_id'),
        ),
        migrations.AddIndex(
            model_name='tender',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_text'], name='tender_search_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='tender',
            index=models.Index(fields=['submission_deadline', 'id'], name='tender_deadline_id'),
        ),
        migrations.AddIndex(
            model_name='tender',
            index=models.Index(fields=['estimated_budget', 'id'], name='tender_budget_id'),
        ),
    ]
