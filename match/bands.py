"""The three bands. Auto only when the best candidate is above the high threshold AND clearly ahead
of the runner-up; a close second means the name alone cannot tell them apart, so a person decides."""

from __future__ import annotations

from match.config import Bands

AUTO, REVIEW, NONE = "auto", "review", "none"


def decide_band(best: float | None, runner_up: float | None, bands: Bands) -> tuple[str, str]:
    """(band, reason) for a best score and the runner-up's score (None when there is none)."""
    if best is None:
        return NONE, "no candidate"
    second = runner_up or 0.0
    if best >= bands.auto:
        if best - second >= bands.margin:
            return AUTO, f"score {best:.3f} >= {bands.auto} and leads the runner-up by {best - second:.3f}"
        return REVIEW, f"ambiguous: score {best:.3f} but the runner-up scores {second:.3f} (margin < {bands.margin})"
    if best >= bands.review:
        return REVIEW, f"score {best:.3f} between {bands.review} and {bands.auto}"
    return NONE, f"score {best:.3f} below {bands.review}"
