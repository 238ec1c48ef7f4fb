"""``python -m evcheck``: the same program as the ``evcheck`` command."""

import sys

from evcheck.main import main

sys.exit(main())
