"""`python -m monitor` is `edgar-monitor`."""

from monitor.cli import main

# Guarded: a worker process started with spawn imports this module as `__mp_main__`, and
# an unguarded call would run the CLI (a second daemon) inside the worker.
if __name__ == "__main__":
    main(prog_name="edgar-monitor")
