"""The map of the regions: drawn from the GeoJSON file when one is
configured (with its attribution), as a tile map when none is."""

import json

import pytest

from portal.reports import maps

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": code, "name_en": code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [70 + i, 40],
                        [71 + i, 40],
                        [71 + i, 41],
                        [70 + i, 41],
                        [70 + i, 40],
                    ]
                ],
            },
        }
        for i, code in enumerate(["KG-N", "KG-T", "KG-Y"])
    ],
}


@pytest.fixture
def geojson(tmp_path, settings):
    path = tmp_path / "regions.geojson"
    path.write_text(json.dumps(SQUARE))
    settings.REGIONS_GEOJSON = str(path)
    return path


def page(client, path="/en/reports/KG-T/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_geojson_map_shows_the_attribution(client_for, talas_coordinator, geojson):
    body = page(client_for(talas_coordinator))
    assert '<path d="M' in body
    assert 'data-region="KG-N"' in body
    assert "UN OCHA (COD-AB), CC BY 3.0 IGO" in body


def test_only_the_readers_regions_are_linked_and_shaded(
    client_for, talas_coordinator, geojson
):
    body = page(client_for(talas_coordinator))
    assert '<a href="/en/reports/KG-T/?' in body
    assert '<a href="/en/reports/KG-N/' not in body
    naryn = body.split('data-region="KG-N"')[0].rsplit("<path", 1)[1]
    assert f'fill="{maps.NO_DATA}"' in naryn


def test_without_a_file_a_tile_map_of_the_nine_regions(
    client_for, talas_coordinator, settings
):
    settings.REGIONS_GEOJSON = ""
    body = page(client_for(talas_coordinator))
    assert "<path" not in body.split('class="region-map"')[1].split("</svg>")[0]
    for code in maps.TILES:
        assert f'data-region="{code}"' in body
    assert "CC BY 3.0 IGO" not in body
    assert "Tile map" in body


def test_a_broken_file_falls_back_to_the_tile_map(
    client_for, talas_coordinator, settings, tmp_path
):
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json")
    settings.REGIONS_GEOJSON = str(broken)
    body = page(client_for(talas_coordinator))
    assert "Tile map" in body


def test_the_default_reads_the_shared_file_only_when_it_exists(settings):
    from pathlib import Path

    shared = Path(settings.BASE_DIR).parent / "shared/data/kg-regions.geojson"
    expected = str(shared) if shared.is_file() else ""
    assert expected == settings.REGIONS_GEOJSON


def test_the_map_is_shaded_by_the_chosen_figure(client_for, academy_admin, geojson):
    body = page(client_for(academy_admin), "/en/reports/all/?map=tenders")
    assert "Map of the regions: Tenders published" in body
    body = page(client_for(academy_admin), "/en/reports/all/?map=bogus")
    assert "Map of the regions: Members per 100 municipalities" in body


def test_shades_go_from_light_to_dark():
    assert maps.shade(None, 0, 10) == maps.NO_DATA
    assert maps.shade(0, 0, 10) == maps.SHADES[0]
    assert maps.shade(10, 0, 10) == maps.SHADES[-1]
    assert maps.shade(5, 5, 5) == maps.SHADES[-1]


def test_the_real_boundaries_draw_nine_regions(settings):
    from pathlib import Path

    path = Path(settings.BASE_DIR).parent / "shared/data/kg-regions.geojson"
    if not path.is_file():
        pytest.skip("../shared is not beside the project")
    height, shapes = maps._outlines(str(path), path.stat().st_mtime)
    assert sorted(shapes) == sorted(maps.TILES)
    assert 200 < height < 500
