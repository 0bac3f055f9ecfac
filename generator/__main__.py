"""``python -m generator`` is the same as ``decide``."""

from generator.cli import main

if __name__ == "__main__":
    main()
