"""Trending rank for ideas: net support on a log scale, plus recency (no Django import).

log10 means the 10th reaction weighs as much as the first and the 100th as much as the 10th;
one order of magnitude of support is worth HALF_LIFE_SECONDS of recency. The value depends only
on the idea's score and creation time, so it is stored and indexed, and it changes only when a
reaction does.
"""

from __future__ import annotations

import math
from datetime import datetime

EPOCH = 1_700_000_000  # 2023-11-14; keeps the numbers small
HALF_LIFE_SECONDS = 3 * 24 * 3600


def hot(score: int, created_at: datetime) -> float:
    order = math.log10(max(abs(score), 1))
    sign = 1 if score > 0 else -1 if score < 0 else 0
    return round(sign * order + (created_at.timestamp() - EPOCH) / HALF_LIFE_SECONDS, 7)
