"""Statistics from the files of private data holders: an online marketplace and a postal operator.

Each adapter reads the holder's files with checks that name file, row and column, turns them
into tidy tables with all margins, and runs them through the same disclosure control as survey
tables. Every figure is flagged as experimental. See ``docs/marketplace-postal.md``.
"""

from __future__ import annotations
