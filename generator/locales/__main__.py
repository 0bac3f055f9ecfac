"""``python -m generator.locales``: re-extracts ``messages.pot`` and updates every catalog to it."""

from generator.locales import update

update()
