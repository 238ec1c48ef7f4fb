"""Offline scoring: the rubric's rules as an engine (engine.py), the inputs each rule needs
(inputs.py) and suggestions derived from a check report (suggest.py).  docs/scoring.md."""

from app.scoring.engine import ItemScore, SectionScore, UnitScore, fmt, score_item, score_unit
from app.scoring.inputs import InputField, ScoredItem, ScoreInputError, item_map, scored_items
from app.scoring.suggest import Suggestion, suggest

__all__ = [
    "InputField",
    "ItemScore",
    "ScoreInputError",
    "ScoredItem",
    "SectionScore",
    "Suggestion",
    "UnitScore",
    "fmt",
    "item_map",
    "score_item",
    "score_unit",
    "scored_items",
    "suggest",
]
