"""The reviewer's work: the review file (store.py, one writer), its schema and migrations,
moving units between reviewers' files (merge.py) and the JSON form ``evcheck.review/1``."""

from app.review.model import (
    EvidenceLink,
    ItemReview,
    ReviewCorruptError,
    ReviewDiskFullError,
    ReviewDoc,
    ReviewError,
    ReviewInputError,
    ReviewLockedError,
    ReviewReadOnlyError,
    ReviewVersionError,
    UnitReview,
)
from app.review.store import ReviewStore

__all__ = [
    "EvidenceLink",
    "ItemReview",
    "ReviewCorruptError",
    "ReviewDiskFullError",
    "ReviewDoc",
    "ReviewError",
    "ReviewInputError",
    "ReviewLockedError",
    "ReviewReadOnlyError",
    "ReviewStore",
    "ReviewVersionError",
    "UnitReview",
]
