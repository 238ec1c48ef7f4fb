"""One QAbstractItemModel per tree or table on screen, each fed by the core's Report."""
