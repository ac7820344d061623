import pytest


@pytest.mark.django_db
def test_pages(client_for, coordinator, academy_admin):
    c = client_for(coordinator)
    for url in [
        "/ky/reports/",
        "/ky/reports/KG-N/",
        "/ky/reports/KG-N/gaps/",
        "/ky/reports/KG-N/flags/single_bid/",
        "/ky/reports/KG-N/print/",
    ]:
        r = c.get(url)
        assert r.status_code in (200, 302), (url, r.status_code)
    r = c.get("/ky/reports/KG-N/export/all.xlsx")
    assert r.status_code == 200
    r = c.get("/ky/reports/KG-N/export/gaps.csv")
    assert r.status_code == 200
    r = c.get("/ky/reports/KG-N/pdf/")
    assert r.status_code == 200
    open("/tmp/rep.pdf", "wb").write(r.content)
    a = client_for(academy_admin)
    r = a.get("/ky/reports/all/")
    assert r.status_code == 200
    open("/tmp/rep.html", "w").write(r.content.decode())
