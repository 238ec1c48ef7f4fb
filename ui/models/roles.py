"""Custom item roles shared by the models and the views that read them."""

from PySide6.QtCore import QModelIndex, Qt

_BASE = int(Qt.ItemDataRole.UserRole)

PATH = _BASE + 1  # a file's path in the submission
INDICATOR = _BASE + 2  # an indicator code
SCHOOL = _BASE + 3  # a school's full name ("" for the unit as a whole)
STATUS = _BASE + 4  # an indicator status or a matrix cell state
SORT = _BASE + 5  # a value that sorts the column sensibly
CODES = _BASE + 6  # a file's finding codes (frozenset)
SEVERITY = _BASE + 7  # worst severity rank: 3 error, 2 warning, 1 info, 0 none
FINDING = _BASE + 8  # a finding's code

ALL = frozenset({PATH, INDICATOR, SCHOOL, STATUS, SORT, CODES, SEVERITY, FINDING})

# the invalid index, shared as the default ``parent`` argument of model methods
ROOT = QModelIndex()
