"""How filers name the line items of figures (filled in the next step)."""

from __future__ import annotations

from monitor.extract.lexicon.entry import Entry

LINE_ITEMS: tuple[Entry, ...] = ()
