"""EDGAR's formats, read without I/O: feeds and indexes, filing pages, item codes, the
ticker map. The pure core imports these; only `monitor.edgar` talks to EDGAR."""
