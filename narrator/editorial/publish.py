"""What publishing asks the review store: the review state of each article it writes.

``narrator batch --review DB`` and the writers read :func:`states` once for the slugs they
write, then map each state to their own field (WXR ``wp:status``, Hugo ``draft``, a jsonl
record's ``review_state``) with :func:`wp_status` and :func:`is_draft`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .schema import ReviewError
from .store import ReviewStore

# WordPress statuses by review state: only approved text is published; text that changed since
# it was approved waits for review; what was never reviewed, or was rejected, stays a draft.
WP_STATUS = {
    "approved": "publish",
    "changed": "pending",
    "unreviewed": "draft",
    "rejected": "draft",
}


def states(db_path: str | Path, slugs: Iterable[str]) -> dict[str, str]:
    """The review state of each slug: approved, unreviewed, changed or rejected.

    A slug the review database has never seen is "unreviewed". One set-based query, whatever
    the number of slugs. Raises ReviewError when ``db_path`` is not a review database.
    """
    if not Path(db_path).is_file():
        raise ReviewError(f"{db_path}: no such review database")
    wanted = list(slugs)
    with ReviewStore(db_path) as store:
        found = store.states(wanted)
    return {slug: found.get(slug, "unreviewed") for slug in wanted}


def wp_status(state: str) -> str:
    """The WXR ``wp:status`` for a review state.

    >>> wp_status("approved"), wp_status("changed"), wp_status("rejected")
    ('publish', 'pending', 'draft')
    """
    return WP_STATUS[state]


def is_draft(state: str) -> bool:
    """Whether a Hugo page gets ``draft: true``: every state but approved.

    >>> is_draft("approved"), is_draft("unreviewed")
    (False, True)
    """
    return state != "approved"
