"""Great-circle distances from Boston."""

from __future__ import annotations

import math

BOSTON = (42.3601, -71.0589)
EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance in kilometres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def describe_distance(km: float) -> str:
    """'10,826 km (6,727 miles)', rounded to whole units."""
    return f"{km:,.0f} km ({km / KM_PER_MILE:,.0f} miles)"
