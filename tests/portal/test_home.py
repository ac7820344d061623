import pytest


@pytest.mark.django_db
def test_home_counts_members_by_region(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/ky/")
    assert response.status_code == 200
    assert response.context["totals"]["members"] == 23
    by_code = {region.code: region.members for region in response.context["regions"]}
    assert by_code["KG-J"] == 8 and by_code["KG-T"] == 0


@pytest.mark.django_db
def test_home_counts_agree_with_the_number_in_russian(client):
    body = client.get("/ru/").content.decode()
    assert "<strong>0</strong> сертифицированных" in body
    assert "<strong>23</strong> члена сети" in body
