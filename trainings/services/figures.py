"""The trust figures a member's row carries for the registry (shown in the
list, filtered and sorted on without joins): the expertise areas they are
certified for, their certificates in force and the trainings they have
completed. Kept by every workflow that changes a certificate or attendance,
and by the daily task (a certificate's date passes, a training ends)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection

from consultants.models import Consultant, ExpertiseArea
from portal import pagecache

from ..models import (
    Attendance,
    Certificate,
    CertificateStatus,
    CertificationProgramme,
    Participant,
    Training,
    bishkek_today,
)


def _tables() -> dict[str, str]:
    required = CertificationProgramme.required_trainings.through._meta
    areas = Training.expertise_areas.through._meta
    return {
        "consultant": Consultant._meta.db_table,
        "area": ExpertiseArea._meta.db_table,
        "certificate": Certificate._meta.db_table,
        "required": required.db_table,
        "required_programme": required.get_field("certificationprogramme").column,
        "required_training": required.get_field("training").column,
        "training_area": areas.db_table,
        "training_area_training": areas.get_field("training").column,
        "training_area_area": areas.get_field("expertisearea").column,
        "training": Training._meta.db_table,
        "participant": Participant._meta.db_table,
        "attendance": Attendance._meta.db_table,
    }


# "Certified for an area": a certificate in force (active, its last valid day
# not passed) whose programme requires a training of that area. "Completed a
# training": it has ended and the days attended within its dates reach its
# rule (Participant.completed, in SQL). Only rows whose figures change are
# written.
_REFRESH = """
UPDATE {consultant} AS k SET
    certified_areas = f.areas,
    active_certificates = f.active,
    trainings_completed = f.completed
FROM (
    SELECT c.id,
        COALESCE((
            SELECT array_agg(DISTINCT a.code ORDER BY a.code)
            FROM {certificate} cert
            JOIN {required} r ON r.{required_programme} = cert.programme_id
            JOIN {training_area} ta
                ON ta.{training_area_training} = r.{required_training}
            JOIN {area} a ON a.id = ta.{training_area_area}
            WHERE cert.consultant_id = c.id
              AND cert.status = %(active)s AND cert.expires_on >= %(today)s
        ), '{{}}'::varchar[]) AS areas,
        (
            SELECT count(*) FROM {certificate} cert
            WHERE cert.consultant_id = c.id
              AND cert.status = %(active)s AND cert.expires_on >= %(today)s
        ) AS active,
        (
            SELECT count(*) FROM {participant} p
            JOIN {training} t ON t.id = p.training_id
            WHERE p.consultant_id = c.id AND t.end_date < %(today)s
              AND (
                  SELECT count(DISTINCT d.date) FROM {attendance} d
                  WHERE d.participant_id = p.id
                    AND d.date BETWEEN t.start_date AND t.end_date
              ) >= LEAST(
                  COALESCE(t.required_days, t.end_date - t.start_date + 1),
                  t.end_date - t.start_date + 1
              )
        ) AS completed
    FROM {consultant} c
    WHERE %(all)s OR c.id = ANY(%(ids)s)
) AS f
WHERE k.id = f.id
  AND (k.certified_areas, k.active_certificates, k.trainings_completed)
      IS DISTINCT FROM (f.areas, f.active, f.completed)
"""


def trust_figures_refresh(
    *, consultant_ids: Iterable[int] | None = None, today: date | None = None
) -> int:
    """Write certified_areas, active_certificates and trainings_completed on
    the rows of the given members (all when None), as of today in Bishkek.
    One UPDATE; returns the number of rows that changed."""
    ids = None if consultant_ids is None else sorted(set(consultant_ids))
    if ids == []:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            _REFRESH.format(**_tables()),
            {
                "active": CertificateStatus.ACTIVE,
                "today": today or bishkek_today(),
                "all": ids is None,
                "ids": ids or [],
            },
        )
        if cursor.rowcount:
            pagecache.changed()  # raw SQL: no signal tells the page cache
        return cursor.rowcount


def trust_figures_refresh_for(obj: Training | CertificationProgramme) -> int:
    """After a training (its dates, days needed, expertise areas) or a
    programme (its required trainings) was edited: refresh the members whose
    figures may follow from it."""
    if isinstance(obj, Training):
        holders = Certificate.objects.filter(programme__required_trainings=obj)
        ids = set(obj.participants.values_list("consultant_id", flat=True))
    else:
        holders = Certificate.objects.filter(programme=obj)
        ids = set()
    ids |= set(holders.values_list("consultant_id", flat=True))
    return trust_figures_refresh(consultant_ids=ids)
