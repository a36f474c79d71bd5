"""Test doubles: a fake Slack Web API and a daemon harness, importable by tests and benchmarks,
apart from the core (nothing under monitor/ outside this package imports it)."""
