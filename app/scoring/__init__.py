"""Offline scoring: the rubric's rules as an engine (engine.py), the inputs each rule needs
(inputs.py) and suggestions derived from a check report (suggest.py)."""
