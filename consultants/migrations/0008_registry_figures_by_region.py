"""Figures of the public registry by home region, kept by statement triggers.

Each statement that writes consultants adds its difference (new rows counted
in, old rows counted out; a statement that changes none of status, kind or
home region writes nothing) to consultants_regionfigures, in region order so
concurrent writers lock the rows in the same order. "Public" is
PUBLIC_STATUSES of consultants/models/statuses.py at this migration."""

import django.db.models.deletion
from django.db import migrations, models


PUBLIC = "('provisional', 'certified', 'suspended', 'withdrawn')"

DELTA = """
  INSERT INTO consultants_regionfigures AS f
    (region_id, members, certified, organizations)
  SELECT region_id, sum(m), sum(c), sum(o) FROM (
    %s
  ) d GROUP BY region_id
  HAVING sum(m) <> 0 OR sum(c) <> 0 OR sum(o) <> 0
  ORDER BY region_id
  ON CONFLICT (region_id) DO UPDATE SET
    members = f.members + EXCLUDED.members,
    certified = f.certified + EXCLUDED.certified,
    organizations = f.organizations + EXCLUDED.organizations;
"""
COUNT_IN = f"""SELECT home_region_id AS region_id, 1 AS m,
      (status = 'certified')::int AS c, (kind = 'organization')::int AS o
    FROM new_rows WHERE status IN {PUBLIC}"""
COUNT_OUT = f"""SELECT home_region_id AS region_id, -1 AS m,
      -(status = 'certified')::int AS c, -(kind = 'organization')::int AS o
    FROM old_rows WHERE status IN {PUBLIC}"""

FORWARD = f"""
CREATE FUNCTION consultant_figures_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
{DELTA % COUNT_IN}
  RETURN NULL;
END $$;

CREATE FUNCTION consultant_figures_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
{DELTA % (COUNT_IN + " UNION ALL " + COUNT_OUT)}
  RETURN NULL;
END $$;

CREATE FUNCTION consultant_figures_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
{DELTA % COUNT_OUT}
  RETURN NULL;
END $$;

CREATE TRIGGER consultant_figures_inserted
AFTER INSERT ON consultants_consultant REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_figures_inserted();

CREATE TRIGGER consultant_figures_updated
AFTER UPDATE ON consultants_consultant
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_figures_updated();

CREATE TRIGGER consultant_figures_deleted
AFTER DELETE ON consultants_consultant REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION consultant_figures_deleted();

INSERT INTO consultants_regionfigures (region_id, members, certified, organizations)
SELECT home_region_id, count(*), count(*) FILTER (WHERE status = 'certified'),
       count(*) FILTER (WHERE kind = 'organization')
FROM consultants_consultant WHERE status IN {PUBLIC}
GROUP BY home_region_id;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS consultant_figures_deleted ON consultants_consultant;
DROP TRIGGER IF EXISTS consultant_figures_updated ON consultants_consultant;
DROP TRIGGER IF EXISTS consultant_figures_inserted ON consultants_consultant;
DROP FUNCTION IF EXISTS consultant_figures_deleted();
DROP FUNCTION IF EXISTS consultant_figures_updated();
DROP FUNCTION IF EXISTS consultant_figures_inserted();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('consultants', '0007_registry_region_codes_and_sort_indexes'),
        ('municipalities', '0006_merge_phones_review_body'),
    ]

    operations = [
        migrations.CreateModel(
            name='RegionFigures',
            fields=[
                ('region', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='member_figures', serialize=False, to='municipalities.region', verbose_name='region')),
                ('members', models.IntegerField(default=0, verbose_name='members')),
                ('certified', models.IntegerField(default=0, verbose_name='certified')),
                ('organizations', models.IntegerField(default=0, verbose_name='organizations')),
            ],
            options={
                'verbose_name': 'figures of a region',
                'verbose_name_plural': 'figures of the regions',
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
