import os
import time

import pytest
from django.db import connection

from tests.scale import full_scans, load_consultants, page_queries, plan_of

URLS = os.environ.get("S16_URLS", "/ky/consultants/?q=муниципалдык").split("|")


@pytest.mark.django_db
def test_probe(client):
    t = time.time()
    load_consultants(20_000)
    print("load", time.time() - t)
    for url in URLS:
        for sql in page_queries(client, url, "consultants_consultant"):
            with connection.cursor() as c:
                c.execute("EXPLAIN " + sql)
                plan = "\n".join(r[0] for r in c.fetchall())
            print(
                "=====",
                url,
                "SCAN" if full_scans(plan_of(sql), "consultants_consultant") else "ok",
            )
            print(sql)
            print(plan)
