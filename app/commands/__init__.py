"""One module per ``evcheck`` subcommand; each defines ``register(subparsers)``."""
