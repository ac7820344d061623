"""The registry search reads a folded column (portal.search: Latin or
Cyrillic, loose spelling) that also covers the member's places.

places_text holds the names (every language) of the home region and of the
regions and districts served, kept by the database itself as expertise_text
is (migration 0006): a BEFORE trigger fills it on every write of a consultant
row, statement triggers touch the consultants whose regions or districts
served change, or whose regions' or districts' names change.
search_folded = portal_fold(names, bios, expertise_text, places_text),
trigram-indexed."""

import django.contrib.postgres.indexes
import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models

import portal.search

FORWARD = """
CREATE FUNCTION consultant_places_text(consultant_id bigint, home_region text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ',
    (SELECT concat_ws(' ', r.name_ky, r.name_ru, r.name_en, r.name)
     FROM municipalities_region r WHERE r.code = $2),
    (SELECT string_agg(concat_ws(' ', r.name_ky, r.name_ru, r.name_en, r.name),
                       ' ' ORDER BY r.sort_order, r.code)
     FROM consultants_consultant_regions_served s
     JOIN municipalities_region r ON r.code = s.region_id
     WHERE s.consultant_id = $1),
    (SELECT string_agg(concat_ws(' ', d.name_ky, d.name_ru, d.name_en, d.name),
                       ' ' ORDER BY d.id)
     FROM consultants_consultant_districts_served s
     JOIN municipalities_district d ON d.id = s.district_id
     WHERE s.consultant_id = $1))
$$;

CREATE FUNCTION consultant_fill_places_text() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.places_text := consultant_places_text(NEW.id, NEW.home_region_id);
  RETURN NEW;
END $$;

CREATE TRIGGER consultant_places_text_fill
BEFORE INSERT OR UPDATE ON consultants_consultant
FOR EACH ROW EXECUTE FUNCTION consultant_fill_places_text();

CREATE FUNCTION consultant_places_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE consultants_consultant SET places_text = ''
  WHERE id IN (SELECT consultant_id FROM changed_rows);
  RETURN NULL;
END $$;

CREATE TRIGGER consultant_regions_added
AFTER INSERT ON consultants_consultant_regions_served
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_places_changed();

CREATE TRIGGER consultant_regions_removed
AFTER DELETE ON consultants_consultant_regions_served
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_places_changed();

CREATE TRIGGER consultant_districts_added
AFTER INSERT ON consultants_consultant_districts_served
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_places_changed();

CREATE TRIGGER consultant_districts_removed
AFTER DELETE ON consultants_consultant_districts_served
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_places_changed();

CREATE FUNCTION region_renamed_for_consultants() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH renamed AS (
    SELECT n.code FROM new_rows n JOIN old_rows o ON o.code = n.code
    WHERE (n.name, n.name_ky, n.name_ru, n.name_en)
          IS DISTINCT FROM (o.name, o.name_ky, o.name_ru, o.name_en)
  )
  UPDATE consultants_consultant SET places_text = ''
  WHERE home_region_id IN (SELECT code FROM renamed)
     OR id IN (SELECT s.consultant_id FROM consultants_consultant_regions_served s
               WHERE s.region_id IN (SELECT code FROM renamed));
  RETURN NULL;
END $$;

CREATE TRIGGER region_renamed_for_consultants
AFTER UPDATE ON municipalities_region
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION region_renamed_for_consultants();

CREATE FUNCTION district_renamed_for_consultants() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH renamed AS (
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.name, n.name_ky, n.name_ru, n.name_en)
          IS DISTINCT FROM (o.name, o.name_ky, o.name_ru, o.name_en)
  )
  UPDATE consultants_consultant SET places_text = ''
  WHERE id IN (SELECT s.consultant_id FROM consultants_consultant_districts_served s
               WHERE s.district_id IN (SELECT id FROM renamed));
  RETURN NULL;
END $$;

CREATE TRIGGER district_renamed_for_consultants
AFTER UPDATE ON municipalities_district
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION district_renamed_for_consultants();

UPDATE consultants_consultant SET places_text = '';
"""

BACKWARD = """
DROP TRIGGER IF EXISTS district_renamed_for_consultants ON municipalities_district;
DROP FUNCTION IF EXISTS district_renamed_for_consultants();
DROP TRIGGER IF EXISTS region_renamed_for_consultants ON municipalities_region;
DROP FUNCTION IF EXISTS region_renamed_for_consultants();
DROP TRIGGER IF EXISTS consultant_districts_removed
  ON consultants_consultant_districts_served;
DROP TRIGGER IF EXISTS consultant_districts_added
  ON consultants_consultant_districts_served;
DROP TRIGGER IF EXISTS consultant_regions_removed ON consultants_consultant_regions_served;
DROP TRIGGER IF EXISTS consultant_regions_added ON consultants_consultant_regions_served;
DROP FUNCTION IF EXISTS consultant_places_changed();
DROP TRIGGER IF EXISTS consultant_places_text_fill ON consultants_consultant;
DROP FUNCTION IF EXISTS consultant_fill_places_text();
DROP FUNCTION IF EXISTS consultant_places_text(bigint, text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("consultants", "0006_search_covers_expertise_areas"),
        ("municipalities", "0007_search_folding"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultant",
            name="places_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddField(
            model_name="consultant",
            name="search_folded",
            field=models.GeneratedField(
                db_persist=True,
                expression=portal.search.Fold(
                    django.db.models.functions.text.Concat(
                        django.db.models.functions.comparison.Coalesce(
                            "name_ky", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "name_ru", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "name_en", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "bio_ky", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "bio_ru", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "bio_en", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "expertise_text",
                            models.Value(""),
                            output_field=models.TextField(),
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "places_text",
                            models.Value(""),
                            output_field=models.TextField(),
                        ),
                        models.Value(" "),
                        output_field=models.TextField(),
                    )
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.AddIndex(
            model_name="consultant",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_folded"],
                name="consultant_folded_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
    ]
