"""Members who could help with a tender, shown to its municipality's staff
while they draft it: the registry's ranking (consultants/recommendations.py)
for the tender's expertise areas and municipality."""

from consultants.recommendations import Recommendation, recommend


def recommended_for_tender(tender) -> list[Recommendation]:
    codes = [area.code for area in tender.expertise_areas.all()]
    return recommend(tender.municipality, codes)
