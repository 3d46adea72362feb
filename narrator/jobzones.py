"""O*NET Job Zones: the preparation time each zone stands for.

The importer writes an occupation's zone as ``job_zone`` and its range as ``time_to_become``;
:mod:`narrator.samples` makes another zone's profile from it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

#: The preparation each O*NET Job Zone stands for, as (low, high, unit): O*NET's Job Zone
#: Reference gives each zone a Specific Vocational Preparation range (zone 1 below SVP 4, zone 2
#: SVP 4 to 6, zone 3 SVP 6 to 7, zone 4 SVP 7 to 8, zone 5 SVP 8 and above), and SVP levels
#: are times: up to 3 months below level 4, 3 months to a year at 4 and 5, 1 to 2 years at 6,
#: 2 to 4 years at 7, and 4 to 10 years at 8 (level 9, over 10 years, has no end). A zone is a
#: level of preparation (education, experience and training together), not a time to qualify:
#: the range is what comparisons of ``time_to_become`` use, and articles name the zone
#: (:attr:`narrator.profile.Duration.job_zone`).
JOB_ZONE_PREPARATION: Final[dict[int, tuple[Decimal, Decimal, str]]] = {
    1: (Decimal(0), Decimal(3), "months"),
    2: (Decimal(3), Decimal(12), "months"),
    3: (Decimal(1), Decimal(2), "years"),
    4: (Decimal(2), Decimal(4), "years"),
    5: (Decimal(4), Decimal(10), "years"),
}
