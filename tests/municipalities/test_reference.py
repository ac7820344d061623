import pytest

from municipalities.models import District, Municipality, Place, Region

AYIL_AIMAKS = {
    "KG-C": 105,  # Chüy
    "KG-O": 88,  # Osh
    "KG-J": 68,  # Jalal-Abad
    "KG-N": 63,  # Naryn
    "KG-Y": 61,  # Issyk-Kul
    "KG-T": 37,  # Talas
    "KG-B": 31,  # Batken
}


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
    assert naryn.soate == "41704000000000"
    assert District.objects.count() == 40
    assert District.objects.filter(region=naryn).count() == 5
    assert not District.objects.filter(soate="").exists()


@pytest.mark.django_db
class TestTheRegister:
    def test_every_ayil_aimak_has_its_ayil_okmotu(self):
        counts = {
            code: Municipality.objects.filter(
                region_id=code, kind="ayil_okmotu"
            ).count()
            for code in AYIL_AIMAKS
        }
        assert counts == AYIL_AIMAKS
        assert sum(counts.values()) == 453

    def test_towns_and_city_halls(self):
        assert Municipality.objects.filter(kind="city_hall").count() == 14
        assert Municipality.objects.filter(kind="town").count() == 18
        assert Municipality.objects.count() == 485
        karakol = Municipality.objects.get(soate="41702410000010")
        assert (karakol.kind, karakol.region_id, karakol.district) == (
            "city_hall",
            "KG-Y",
            None,
        )
        assert (karakol.name_ru, karakol.name_ky, karakol.name_en) == (
            "г. Каракол",
            "Каракол шаары",
            "Karakol",
        )

    def test_every_municipality_has_a_valid_code_under_its_district_and_region(
        self,
    ):
        for municipality in Municipality.objects.select_related("district", "region"):
            code = municipality.soate
            assert len(code) == 14 and code.isdigit(), municipality
            assert code[:5] == municipality.region.soate[:5], municipality
            if municipality.kind == "ayil_okmotu":
                assert municipality.district is not None, municipality
                assert code[8] == "8" and code.endswith("000"), municipality
            if municipality.district is not None:
                assert municipality.district.region_id == municipality.region_id
                assert code[:8] == municipality.district.soate[:8], municipality

    def test_the_named_municipalities_are_matched_not_duplicated(self):
        alamudun = Municipality.objects.get(name_en="Alamüdün Ayil Okmotu")
        assert alamudun.soate == "41708203807000"
        assert alamudun.soate_name == "Аламудунский айылный аймак"
        # the names the project curated stay
        assert alamudun.name_ru == "Аламудунский айыл окмоту"
        assert alamudun.district.name_en == "Alamüdün District"
        assert alamudun.website == "https://alamudun.kg"
        assert (
            Municipality.objects.filter(
                soate_name__in=["Аламудунский айылный аймак", "г. Бишкек", "г. Ош"]
            ).count()
            == 3
        )
        assert Municipality.objects.get(soate="41711000000000").name_en == (
            "Bishkek City Hall"
        )

    def test_villages_belong_to_the_municipality_that_serves_them(self):
        assert Place.objects.count() == 1901
        kochkorka = Place.objects.get(soate="41704235816010")
        assert kochkorka.name_ru == "Кочкорка"
        assert kochkorka.municipality.soate == "41704235816000"
        # filed one level too high beside its town in the file
        assert (
            Place.objects.get(soate="41703211610810").municipality.name_ru == "Кербен"
        )
        # the town filed as a district is a town of its district
        kok_jangak = Municipality.objects.get(soate="41703220400010")
        assert (kok_jangak.kind, kok_jangak.district.name_en) == (
            "town",
            "Suzak District",
        )


@pytest.mark.django_db
def test_region_api_lists_districts(client):
    response = client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    naryn = next(r for r in response.json() if r["code"] == "KG-N")
    assert naryn["name"] == "Нарынская область"
    assert len(naryn["districts"]) == 5
