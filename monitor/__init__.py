"""edgar-monitor: watch SEC EDGAR for 8-K filings and alert on distress."""

__version__ = "0.1.0"
