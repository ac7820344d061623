import pytest

from municipalities.models import District, Municipality, Region


@pytest.mark.django_db
def test_regions_are_keyed_by_iso_codes_with_three_languages():
    assert set(Region.objects.values_list("code", flat=True)) == {
        "KG-B",
        "KG-C",
        "KG-Y",
        "KG-J",
        "KG-N",
        "KG-O",
        "KG-T",
        "KG-GB",
        "KG-GO",
    }
    naryn = Region.objects.get(code="KG-N")
    assert (naryn.name_ky, naryn.name_ru, naryn.name_en) == (
        "Нарын облусу",
        "Нарынская область",
        "Naryn Region",
    )
    assert District.objects.count() == 40
    assert District.objects.filter(region=naryn).count() == 5


@pytest.mark.django_db
def test_named_municipalities_are_loaded():
    alamudun = Municipality.objects.get(name_en="Alamüdün Ayil Okmotu")
    assert alamudun.district.name_en == "Alamüdün District"
    assert alamudun.website == "https://alamudun.kg"
    assert Municipality.objects.filter(kind="city_hall").count() == 2


@pytest.mark.django_db
def test_region_api_lists_districts(client):
    response = client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    naryn = next(r for r in response.json() if r["code"] == "KG-N")
    assert naryn["name"] == "Нарынская область"
    assert len(naryn["districts"]) == 5
