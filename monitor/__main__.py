"""`python -m monitor` is `edgar-monitor`."""

from monitor.cli import main

main(prog_name="edgar-monitor")
