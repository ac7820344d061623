"""Compute the trust figures of the members already in the registry, once:
the expertise areas they are certified for, their certificates in force and
the trainings they completed (the rule of trainings.services.figures, frozen
here), and the day they joined the network.

member_since is the day of the academy's "accept" move (the status history:
applicant -> provisional member). The first members, loaded as provisional
members without that move, count from the first day of their first training
(the 2022 training), and anyone else from the day their profile was created."""

from django.db import migrations

TODAY = "(now() AT TIME ZONE 'Asia/Bishkek')::date"

FORWARD = f"""
UPDATE consultants_consultant AS k SET
    certified_areas = f.areas,
    active_certificates = f.active,
    trainings_completed = f.completed
FROM (
    SELECT c.id,
        COALESCE((
            SELECT array_agg(DISTINCT a.code ORDER BY a.code)
            FROM trainings_certificate cert
            JOIN trainings_certificationprogramme_required_trainings r
                ON r.certificationprogramme_id = cert.programme_id
            JOIN trainings_training_expertise_areas ta
                ON ta.training_id = r.training_id
            JOIN consultants_expertisearea a ON a.id = ta.expertisearea_id
            WHERE cert.consultant_id = c.id
              AND cert.status = 'active' AND cert.expires_on >= {TODAY}
        ), '{{}}'::varchar[]) AS areas,
        (
            SELECT count(*) FROM trainings_certificate cert
            WHERE cert.consultant_id = c.id
              AND cert.status = 'active' AND cert.expires_on >= {TODAY}
        ) AS active,
        (
            SELECT count(*) FROM trainings_participant p
            JOIN trainings_training t ON t.id = p.training_id
            WHERE p.consultant_id = c.id AND t.end_date < {TODAY}
              AND (
                  SELECT count(DISTINCT d.date) FROM trainings_attendance d
                  WHERE d.participant_id = p.id
                    AND d.date BETWEEN t.start_date AND t.end_date
              ) >= LEAST(
                  COALESCE(t.required_days, t.end_date - t.start_date + 1),
                  t.end_date - t.start_date + 1
              )
        ) AS completed
    FROM consultants_consultant c
) AS f
WHERE k.id = f.id;

UPDATE consultants_consultant AS k SET member_since = COALESCE(
    (
        SELECT min((s.changed_at AT TIME ZONE 'Asia/Bishkek')::date)
        FROM consultants_statuschange s
        WHERE s.consultant_id = k.id
          AND s.old_status = 'applicant' AND s.new_status = 'provisional'
    ),
    (
        SELECT min(t.start_date) FROM trainings_participant p
        JOIN trainings_training t ON t.id = p.training_id
        WHERE p.consultant_id = k.id
    ),
    (k.created_at AT TIME ZONE 'Asia/Bishkek')::date
)
WHERE k.status IN ('provisional', 'certified', 'suspended', 'withdrawn')
  AND k.member_since IS NULL;
"""

BACKWARD = """
UPDATE consultants_consultant SET certified_areas = '{}',
    active_certificates = 0, trainings_completed = 0, member_since = NULL;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0003_training_date_rules"),
        ("consultants", "0008_trust_figures"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
