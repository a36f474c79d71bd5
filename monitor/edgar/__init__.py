"""EDGAR access over HTTP: the fair-access client (I/O only; the formats it reads are parsed
in `monitor.formats`)."""
