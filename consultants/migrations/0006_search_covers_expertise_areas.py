"""The registry search covers the expertise areas' names (every language).

A generated column cannot read other tables, so the names are kept in
consultant.expertise_text by the database itself: a BEFORE trigger fills it on
every write of a consultant row (whatever Django or a bulk load writes there),
and statement triggers touch the consultants whose areas, or whose areas'
names, changed. search_document (trigram-indexed) then includes it."""

import django.contrib.postgres.indexes
import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models

FORWARD = """
CREATE FUNCTION consultant_expertise_text(consultant_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(
           concat_ws(' ', a.name_ky, a.name_ru, a.name_en, a.name), ' '
           ORDER BY a.sort_order, a.code), '')
  FROM consultants_consultant_expertise_areas ca
  JOIN consultants_expertisearea a ON a.id = ca.expertisearea_id
  WHERE ca.consultant_id = $1
$$;

CREATE FUNCTION consultant_fill_expertise_text() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.expertise_text := consultant_expertise_text(NEW.id);
  RETURN NEW;
END $$;

CREATE TRIGGER consultant_expertise_text_fill
BEFORE INSERT OR UPDATE ON consultants_consultant
FOR EACH ROW EXECUTE FUNCTION consultant_fill_expertise_text();

CREATE FUNCTION consultant_areas_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE consultants_consultant SET expertise_text = ''
  WHERE id IN (SELECT consultant_id FROM changed_rows);
  RETURN NULL;
END $$;

CREATE TRIGGER consultant_areas_added
AFTER INSERT ON consultants_consultant_expertise_areas
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_areas_changed();

CREATE TRIGGER consultant_areas_removed
AFTER DELETE ON consultants_consultant_expertise_areas
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_areas_changed();

CREATE FUNCTION expertise_area_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE consultants_consultant SET expertise_text = ''
  WHERE id IN (
    SELECT ca.consultant_id FROM consultants_consultant_expertise_areas ca
    JOIN changed_rows r ON r.id = ca.expertisearea_id
  );
  RETURN NULL;
END $$;

CREATE TRIGGER expertise_area_renamed
AFTER UPDATE ON consultants_expertisearea
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION expertise_area_renamed();

UPDATE consultants_consultant SET expertise_text = '';
"""

BACKWARD = """
DROP TRIGGER IF EXISTS expertise_area_renamed ON consultants_expertisearea;
DROP FUNCTION IF EXISTS expertise_area_renamed();
DROP TRIGGER IF EXISTS consultant_areas_removed ON consultants_consultant_expertise_areas;
DROP TRIGGER IF EXISTS consultant_areas_added ON consultants_consultant_expertise_areas;
DROP FUNCTION IF EXISTS consultant_areas_changed();
DROP TRIGGER IF EXISTS consultant_expertise_text_fill ON consultants_consultant;
DROP FUNCTION IF EXISTS consultant_fill_expertise_text();
DROP FUNCTION IF EXISTS consultant_expertise_text(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("consultants", "0005_phone_e164"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultant",
            name="expertise_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        # a generated column's expression cannot be altered: drop and re-add
        migrations.RemoveIndex(model_name="consultant", name="consultant_search_trgm"),
        migrations.RemoveField(model_name="consultant", name="search_document"),
        migrations.AddField(
            model_name="consultant",
            name="search_document",
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower(django.db.models.functions.text.Concat(django.db.models.functions.comparison.Coalesce('name_ky', models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce('name_ru', models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce('name_en', models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce('bio_ky', models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce('bio_ru', models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce('bio_en', models.Value(''), output_field=models.TextField()), models.Value(' '), 'expertise_text', output_field=models.TextField())), output_field=models.TextField()),
        ),
        migrations.AddIndex(
            model_name="consultant",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_document"],
                name="consultant_search_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
    ]
