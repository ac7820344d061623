"""Every completed contract's rating becomes the consultant's rating of that
work (consultants.ConsultantRating), and the figures on the consultant's row
(average, count, completed contracts) are computed once from them."""

from django.db import migrations

FORWARD = """
INSERT INTO consultants_consultantrating
    (consultant_id, municipality_id, work, work_id, rating, comment,
     rated_at, answer)
SELECT b.consultant_id, t.municipality_id, 'contract', c.id, c.rating,
       c.rating_comment, c.completed_at, ''
FROM procurement_contract c
JOIN procurement_tender t ON t.id = c.tender_id
JOIN procurement_award a ON a.id = c.award_id
JOIN procurement_bid b ON b.id = a.bid_id
WHERE c.completed_at IS NOT NULL AND c.rating IS NOT NULL
ON CONFLICT (work, work_id) DO NOTHING;

UPDATE consultants_consultant k SET
    rating_count = f.n,
    rating_average = f.average,
    completed_contracts = f.contracts
FROM (
    SELECT consultant_id, count(*) AS n, avg(rating) AS average,
           count(*) FILTER (WHERE work = 'contract') AS contracts
    FROM consultants_consultantrating GROUP BY consultant_id
) f
WHERE f.consultant_id = k.id;
"""

BACKWARD = """
DELETE FROM consultants_consultantrating WHERE work = 'contract';
UPDATE consultants_consultant
SET rating_count = 0, rating_average = NULL, completed_contracts = 0;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0016_tender_status_all_states"),
        ("consultants", "0007_trust_ratings_availability"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
