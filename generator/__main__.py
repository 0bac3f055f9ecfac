"""``python -m generator`` is the same as ``decide``."""

from generator.cli import main

main()
