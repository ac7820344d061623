"""Helpers of the at-scale tests: rows generated in SQL inside the test's
transaction (thousands in a second), the planner's statistics from ANALYZE,
and plans read from EXPLAIN (FORMAT JSON) of the queries a page really runs."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

PUBLIC = ("provisional", "certified", "suspended", "withdrawn")


def settle(*tables: str) -> None:
    """The planner's statistics of ``tables`` as in service: ANALYZE, and the
    GIN indexes' pending lists (rows inserted after the index was built)
    merged, as autovacuum does; an unmerged list is read by every search
    and makes a trigram probe look dearer than a scan of the table."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                """
                SELECT gin_clean_pending_list(i.indexrelid)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_am a ON a.oid = c.relam
                WHERE a.amname = 'gin' AND i.indrelid = %s::regclass
                """,
                [table],
            )
            cursor.execute(f"ANALYZE {table}")


def load_consultants(n: int) -> None:
    """n consultants (4 in 7 public) with home and served regions, expertise
    areas, districts served; the columns the triggers keep are filled here,
    as a bulk load would (the triggers are tested on their own)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            f"""
            WITH regions AS (SELECT array_agg(code ORDER BY code) AS codes
                             FROM municipalities_region)
            INSERT INTO consultants_consultant (kind, legal_form, legal_form_note,
              name, name_ky, name_ru, name_en, bio, bio_ky, bio_ru, bio_en,
              languages, email, phone, website, inn, status, decision_reason,
              created_at, updated_at, home_region_id, expertise_text, region_codes)
            SELECT CASE WHEN g % 50 = 0 THEN 'organization' ELSE 'individual' END,
              CASE WHEN g % 50 = 0 THEN 'public_foundation' ELSE '' END, '',
              'Кеңешчи ' || md5(g::text), 'Кеңешчи ' || md5(g::text),
              'Консультант ' || md5(g::text), 'Consultant ' || md5(g::text), '',
              'Муниципалдык кеңешчи ' || g, 'Муниципальный консультант', '',
              CASE g % 3 WHEN 0 THEN ARRAY['ky', 'ru'] WHEN 1 THEN ARRAY['ky']
                ELSE ARRAY['ru', 'en'] END
                ::varchar[],
              'c' || g || '@example.kg', '', '', '',
              (ARRAY['provisional','certified','certified','suspended','withdrawn',
                     'applicant','declined'])[1 + g % 7],
              CASE WHEN g % 7 = 6 THEN 'declined' ELSE '' END,
              now() - g * interval '1 minute',
              now() - (g * 7919 % 100000) * interval '1 minute',
              codes[1 + g % array_length(codes, 1)], '',
              ARRAY[codes[1 + g % array_length(codes, 1)]]::varchar(8)[]
            FROM generate_series(1, {int(n)}) g, regions
            """
        )
        cursor.execute(
            """
            INSERT INTO consultants_consultant_expertise_areas
              (consultant_id, expertisearea_id)
            SELECT c.id, a.id FROM consultants_consultant c
            JOIN consultants_expertisearea a
              ON a.id % 6 = c.id % 6 AND c.email LIKE 'c%@example.kg'
            """
        )
        # one in four serves a district of its home region (of those that
        # have districts)
        cursor.execute(
            """
            INSERT INTO consultants_consultant_districts_served
              (consultant_id, district_id)
            SELECT c.id, d.id FROM consultants_consultant c
            CROSS JOIN LATERAL (
              SELECT d.id FROM municipalities_district d
              WHERE d.region_id = c.home_region_id
              ORDER BY d.id OFFSET c.id % 3 LIMIT 1) d
            WHERE c.email LIKE 'c%@example.kg' AND c.id % 4 = 0
            """
        )
        cursor.execute(
            """
            UPDATE consultants_consultant c SET expertise_text = coalesce((
              SELECT string_agg(a.name, ' ') FROM consultants_expertisearea a
              JOIN consultants_consultant_expertise_areas ca
                ON ca.expertisearea_id = a.id AND ca.consultant_id = c.id), ''),
              district_ids = consultant_district_ids(c.id),
              expertise_ids = consultant_expertise_ids(c.id)
            WHERE c.email LIKE 'c%@example.kg'
            """
        )
        cursor.execute("SET LOCAL session_replication_role = origin")
    settle(
        "consultants_consultant",
        "consultants_consultant_expertise_areas",
        "consultants_consultant_regions_served",
        "consultants_consultant_districts_served",
    )


def load_tenders(n: int) -> None:
    """n published tenders of the register's municipalities, in every public
    state, with the columns the triggers keep filled here."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            f"""
            WITH munis AS (SELECT array_agg(id ORDER BY id) AS ids
                           FROM municipalities_municipality)
            INSERT INTO procurement_tender (title, title_ky, title_ru, title_en,
              description, description_ky, description_ru, description_en,
              service_kind, procurement_method, selection_method, estimated_budget,
              eligibility, state_notice_number, contact_name, contact_email,
              contact_phone, technical_weight, min_technical_score, published_at,
              questions_deadline, submission_deadline, opening_at, status,
              status_changed_at, cancel_reason, cancel_explanation, created_at,
              updated_at, municipality_id, consensus_minutes,
              single_source_justification, search_text, region_codes)
            SELECT t.title, t.title, 'Тендер ' || md5(g::text), '', '', '', '', '',
              'advisory', 'open', 'qcbs', 10000 + g * 37 % 900000, 'members',
              CASE WHEN g % 10 = 0 THEN (400000 + g)::text ELSE '' END,
              'Контакт', 'm@example.kg', '', 80, 70,
              now() - g * interval '1 minute',
              now() - g * interval '1 minute' + interval '5 days',
              now() - g * interval '1 minute' + interval '20 days',
              now() - g * interval '1 minute' + interval '20 days',
              (ARRAY['published','closed','awarded','completed','contract_signed'])
                [1 + g % 5],
              now(), '', '', now(), now(), m.id, '', '',
              lower(concat_ws(' ', t.title, 'тендер', md5(g::text), m.name,
                              m.name_ky, m.name_ru)),
              ARRAY[m.region_id]::varchar(8)[]
            FROM generate_series(1, {int(n)}) g
            CROSS JOIN munis
            JOIN municipalities_municipality m
              ON m.id = ids[1 + g % array_length(ids, 1)]
            CROSS JOIN LATERAL (SELECT 'Кеңеш кызматы ' || md5((g * 7)::text)
                                  || CASE WHEN g % 97 = 0 THEN ' суу' ELSE '' END
                                AS title) t
            """
        )
        cursor.execute(
            """
            INSERT INTO procurement_tender_expertise_areas (tender_id, expertisearea_id)
            SELECT t.id, a.id FROM procurement_tender t
            JOIN consultants_expertisearea a ON a.id % 6 = t.id % 6
            WHERE t.contact_email = 'm@example.kg'
            """
        )
        cursor.execute(
            "UPDATE procurement_tender SET expertise_ids = tender_expertise_ids(id)"
            " WHERE contact_email = 'm@example.kg'"
        )
        cursor.execute("SET LOCAL session_replication_role = origin")
    settle("procurement_tender", "procurement_tender_expertise_areas")


def plan_of(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        raw = cursor.fetchone()[0]
    return (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]


# nodes that read all of their input before giving a row
BLOCKING = {"Sort", "Aggregate", "Hash", "Materialize", "SetOp", "WindowAgg"}
JOINS = {"Nested Loop", "Hash Join", "Merge Join"}


def full_scans(plan: dict, table: str) -> list[str]:
    """Sequential scans of ``table`` that may read all of it. A scan is
    bounded when a Limit above it stops it through streaming nodes only (the
    outer side of a join, not a Sort, Hash or aggregate, nor the inner side
    of a join, which is read again and again): the capped count of an
    unselective filter, which the planner rightly answers that way."""
    found = []

    def walk(node, bounded):
        kind = node.get("Node Type")
        if kind == "Seq Scan" and node.get("Relation Name") == table and not bounded:
            found.append(node.get("Filter", ""))
        children = node.get("Plans", [])
        for number, child in enumerate(children):
            if kind == "Limit":
                walk(child, True)
            elif kind in BLOCKING or (kind in JOINS and number > 0):
                walk(child, False)
            else:
                walk(child, bounded)

    walk(plan, False)
    return found


def sorted_rows(plan: dict) -> int:
    """The most rows the planner expects any Sort of the plan to sort."""
    return max(
        (
            child["Plan Rows"]
            for node in _nodes(plan)
            if node.get("Node Type") == "Sort"
            for child in node.get("Plans", [])
        ),
        default=0,
    )


def scans_of(plan: dict, table: str) -> list[str]:
    """The kinds of the plan's reads of ``table`` (Seq Scan, Index Scan, …)."""
    return [
        node["Node Type"] for node in _nodes(plan) if node.get("Relation Name") == table
    ]


def _nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def index_names(plan: dict) -> set[str]:
    return {node["Index Name"] for node in _nodes(plan) if "Index Name" in node}


def page_queries(client, url: str, table: str) -> list[str]:
    """The SELECTs reading ``table`` that a GET of the page runs."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    marker = f'FROM "{table}"'
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("SELECT") and marker in q["sql"]
    ]
