"""The registry's district and expertise filters read GIN indexes.

"Serves the district" was EXISTS(districts served) and "works in the area" a
join to the expertise areas: the capped count of a filtered page walked the
M2M rows and looked each consultant up (12-15 ms at 100,000 consultants). The
database now keeps consultant.district_ids and consultant.expertise_ids (the
ids, ascending) itself, as 0007 keeps region_codes: a BEFORE trigger fills
them on every write of those columns (Django's save writes every column, so a
stale copy in memory cannot overwrite them), statement triggers rewrite the
consultants whose districts or areas changed (only those whose array
differs), whoever writes the M2M rows (admin, services, COPY). A GIN index
answers district_ids @> '{25}'."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models


FORWARD = """
CREATE FUNCTION consultant_district_ids(consultant_id bigint)
RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(district_id ORDER BY district_id), '{}')
  FROM consultants_consultant_districts_served WHERE consultant_id = $1
$$;

CREATE FUNCTION consultant_expertise_ids(consultant_id bigint)
RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(expertisearea_id ORDER BY expertisearea_id), '{}')
  FROM consultants_consultant_expertise_areas WHERE consultant_id = $1
$$;

CREATE FUNCTION consultant_fill_served_ids() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.district_ids := consultant_district_ids(NEW.id);
  NEW.expertise_ids := consultant_expertise_ids(NEW.id);
  RETURN NEW;
END $$;

CREATE TRIGGER consultant_served_ids_fill
BEFORE INSERT OR UPDATE OF district_ids, expertise_ids ON consultants_consultant
FOR EACH ROW EXECUTE FUNCTION consultant_fill_served_ids();

CREATE FUNCTION consultant_district_ids_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE consultants_consultant c SET district_ids = consultant_district_ids(c.id)
  WHERE c.id IN (SELECT consultant_id FROM changed_rows)
    AND c.district_ids IS DISTINCT FROM consultant_district_ids(c.id);
  RETURN NULL;
END $$;

CREATE TRIGGER consultant_district_ids_added
AFTER INSERT ON consultants_consultant_districts_served
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_district_ids_changed();

CREATE TRIGGER consultant_district_ids_removed
AFTER DELETE ON consultants_consultant_districts_served
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_district_ids_changed();

CREATE FUNCTION consultant_expertise_ids_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE consultants_consultant c SET expertise_ids = consultant_expertise_ids(c.id)
  WHERE c.id IN (SELECT consultant_id FROM changed_rows)
    AND c.expertise_ids IS DISTINCT FROM consultant_expertise_ids(c.id);
  RETURN NULL;
END $$;

CREATE TRIGGER consultant_expertise_ids_added
AFTER INSERT ON consultants_consultant_expertise_areas
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_expertise_ids_changed();

CREATE TRIGGER consultant_expertise_ids_removed
AFTER DELETE ON consultants_consultant_expertise_areas
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_expertise_ids_changed();

UPDATE consultants_consultant SET district_ids = '{}', expertise_ids = '{}'
WHERE id IN (
  SELECT consultant_id FROM consultants_consultant_districts_served
  UNION SELECT consultant_id FROM consultants_consultant_expertise_areas
);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS consultant_expertise_ids_removed
  ON consultants_consultant_expertise_areas;
DROP TRIGGER IF EXISTS consultant_expertise_ids_added
  ON consultants_consultant_expertise_areas;
DROP FUNCTION IF EXISTS consultant_expertise_ids_changed();
DROP TRIGGER IF EXISTS consultant_district_ids_removed
  ON consultants_consultant_districts_served;
DROP TRIGGER IF EXISTS consultant_district_ids_added
  ON consultants_consultant_districts_served;
DROP FUNCTION IF EXISTS consultant_district_ids_changed();
DROP TRIGGER IF EXISTS consultant_served_ids_fill ON consultants_consultant;
DROP FUNCTION IF EXISTS consultant_fill_served_ids();
DROP FUNCTION IF EXISTS consultant_expertise_ids(bigint);
DROP FUNCTION IF EXISTS consultant_district_ids(bigint);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('consultants', '0014_search_words'),
        ('municipalities', '0007_search_folding'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='consultant',
            name='district_ids',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), blank=True, db_default=models.Value([], output_field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), size=None)), default=list, editable=False, size=None),
        ),
        migrations.AddField(
            model_name='consultant',
            name='expertise_ids',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), blank=True, db_default=models.Value([], output_field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), size=None)), default=list, editable=False, size=None),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name='consultant',
            index=django.contrib.postgres.indexes.GinIndex(fields=['district_ids'], name='consultant_district_ids_gin'),
        ),
        migrations.AddIndex(
            model_name='consultant',
            index=django.contrib.postgres.indexes.GinIndex(fields=['expertise_ids'], name='consultant_expertise_ids_gin'),
        ),
        # the planner's statistics of the new columns (without them it guesses
        # each filter's selectivity until autovacuum comes by)
        migrations.RunSQL("ANALYZE consultants_consultant", migrations.RunSQL.noop),
    ]
