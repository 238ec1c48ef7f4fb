"""evcheck core: checks a unit's evidence folder against an assessment rubric.

Nothing in this package imports QtWidgets or QtGui; the GUI lives in ``ui``.
"""

__version__ = "0.1.0"
