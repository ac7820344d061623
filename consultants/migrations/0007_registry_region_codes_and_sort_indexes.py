"""The registry's region filter and sorts read indexes.

"Based in the region or serving it" was home_region = … OR EXISTS(regions
served), which no index answers: every page read the whole registry. The
database now keeps consultant.region_codes (the home region and the regions
served) itself, as 0006 keeps expertise_text: a BEFORE trigger fills it on every
write of a consultant row, statement triggers touch the consultants whose
regions served changed; a GIN index answers region_codes @> '{KG-N}'.

The sorts get an index each, in the order the registry asks for them (the name
in the reader's language, then id), so a page reads its rows in order."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


FORWARD = """
CREATE FUNCTION consultant_region_codes(consultant_id bigint, home varchar)
RETURNS varchar(8)[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(code ORDER BY code), '{}') FROM (
    SELECT home AS code WHERE home IS NOT NULL
    UNION
    SELECT region_id FROM consultants_consultant_regions_served
    WHERE consultant_id = $1
  ) codes
$$;

CREATE FUNCTION consultant_fill_region_codes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.region_codes := consultant_region_codes(NEW.id, NEW.home_region_id);
  RETURN NEW;
END $$;

CREATE TRIGGER consultant_region_codes_fill
BEFORE INSERT OR UPDATE ON consultants_consultant
FOR EACH ROW EXECUTE FUNCTION consultant_fill_region_codes();

CREATE FUNCTION consultant_region_codes_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE consultants_consultant SET region_codes = '{}'
  WHERE id IN (SELECT consultant_id FROM changed_rows);
  RETURN NULL;
END $$;

CREATE TRIGGER consultant_region_codes_added
AFTER INSERT ON consultants_consultant_regions_served
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_region_codes_changed();

CREATE TRIGGER consultant_region_codes_removed
AFTER DELETE ON consultants_consultant_regions_served
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_region_codes_changed();

UPDATE consultants_consultant SET region_codes = '{}';
"""

BACKWARD = """
DROP TRIGGER IF EXISTS consultant_region_codes_removed
  ON consultants_consultant_regions_served;
DROP TRIGGER IF EXISTS consultant_region_codes_added
  ON consultants_consultant_regions_served;
DROP FUNCTION IF EXISTS consultant_region_codes_changed();
DROP TRIGGER IF EXISTS consultant_region_codes_fill ON consultants_consultant;
DROP FUNCTION IF EXISTS consultant_fill_region_codes();
DROP FUNCTION IF EXISTS consultant_region_codes(bigint, varchar);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('consultants', '0006_search_covers_expertise_areas'),
        ('municipalities', '0006_merge_phones_review_body'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='consultant',
            name='region_codes',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=8), blank=True, default=list, editable=False, size=None),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name='consultant',
            index=django.contrib.postgres.indexes.GinIndex(fields=['region_codes'], name='consultant_region_codes_gin'),
        ),
        migrations.AddIndex(
            model_name='consultant',
            index=models.Index(models.F('name_ky'), models.F('id'), name='consultant_name_ky_id'),
        ),
        migrations.AddIndex(
            model_name='consultant',
            index=models.Index(django.db.models.functions.comparison.Coalesce('name_ru', 'name_ky'), models.F('id'), name='consultant_name_ru_id'),
        ),
        migrations.AddIndex(
            model_name='consultant',
            index=models.Index(django.db.models.functions.comparison.Coalesce('name_en', 'name_ky'), models.F('id'), name='consultant_name_en_id'),
        ),
        migrations.AddIndex(
            model_name='consultant',
            index=models.Index(fields=['updated_at', 'id'], name='consultant_updated_id'),
        ),
        migrations.AddIndex(
            model_name='consultant',
            index=models.Index(fields=['status', 'id'], name='consultant_status_id'),
        ),
    ]
