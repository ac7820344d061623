"""Which regions border each other: shipped with the code (nothing reads
outside the project at run time). Derived once from the COD-AB boundaries
(kg-regions.geojson, 2026-12-04): two regions are neighbours when their
boundaries share vertices within ~1 km; it matches the map (Bishkek lies
inside Chüy, Osh city inside Osh region)."""

REGION_BORDERS = (
    ("KG-B", "KG-O"),
    ("KG-C", "KG-GB"),
    ("KG-C", "KG-J"),
    ("KG-C", "KG-N"),
    ("KG-C", "KG-T"),
    ("KG-C", "KG-Y"),
    ("KG-GO", "KG-O"),
    ("KG-J", "KG-N"),
    ("KG-J", "KG-O"),
    ("KG-J", "KG-T"),
    ("KG-N", "KG-O"),
    ("KG-N", "KG-Y"),
)


def neighbour_codes(code: str) -> list[str]:
    """ISO codes of the regions bordering the region ``code``."""
    found = {b for a, b in REGION_BORDERS if a == code}
    found |= {a for a, b in REGION_BORDERS if b == code}
    return sorted(found)
