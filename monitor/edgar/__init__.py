"""EDGAR access: the HTTP client (I/O) and pure parsers for feeds and filing pages."""
