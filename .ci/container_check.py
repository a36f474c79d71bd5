"""The container, built and run for real: build the project's unchanged Dockerfile with podman,
run the daemon in it against the local EDGAR replica and the Slack stand-in (host network),
and check what the README promises.

Checks: the image runs as a non-root user; `edgar-monitor check` inside the container passes;
/healthz and /metrics are published with `--health-host 0.0.0.0`; an alert arrives; SIGTERM
(`podman stop`) ends the daemon within the grace period with exit code 0 and nothing lost;
the database persists on the volume across a restart (no alert posted twice, the filing
published during the shutdown alerted exactly once).

No registry is reachable here, so `python:3.11-slim` is replaced for this build only by a
local stand-in (`--from`, built by ../shared/tools/container-base.sh). Exit 0 when every check
passes, 1 otherwise. About three minutes (mostly pip inside the build).

    python .ci/container_check.py [--image NAME] [--skip-build]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec
from monitor.testing.fakeslack import VALID_TOKEN, FakeSlack

REPO = Path(__file__).resolve().parents[1]
BASE_SCRIPT = REPO.parent / "shared" / "tools" / "container-base.sh"
BASE_IMAGE = "localhost/pybase:3.11"
RELEASE = (REPO / "tests/documents/e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
AGENT = "Edgar Monitor CI ci@example.com"
GRACE = 30.0  # shutdown_grace_seconds in the shipped config
PODMAN = ["podman", "--runtime", "runc"]


class CheckFailed(AssertionError):
    """A promise the container did not keep."""


def step(text: str) -> None:
    print(f"[container] {text}", flush=True)


def check(ok: bool, what: str) -> None:
    if not ok:
        raise CheckFailed(what)
    step(f"ok: {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def filing(n: int) -> FilingSpec:
    """An 8-K accepted now whose press release raises going-concern and delisting alerts."""
    return FilingSpec(accession=f"0009200000-26-{n:06d}", cik=9_200_000 + n,
                      company=f"Container Check {n} Corp.", form="8-K",
                      accepted=datetime.now(UTC), items=("2.02", "9.01"),
                      documents=(DocSpec("EX-99.1", "ex991.txt", RELEASE),))


async def podman(*args: str, check_rc: bool = True, timeout: float = 120,
                 with_stderr: bool = False) -> str:
    """Run podman; its standard output (and its stderr when asked, or in a failure)."""
    proc = await asyncio.create_subprocess_exec(
        *PODMAN, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    if check_rc and proc.returncode != 0:
        raise CheckFailed(f"podman {' '.join(args[:3])} exited {proc.returncode}: "
                          f"{(out + err).decode(errors='replace')[-2000:]}")
    return (out + err if with_stderr else out).decode(errors="replace")


async def wait_for(condition: Callable[[], bool | Awaitable[bool]], what: str,
                   timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.5)


def alerts_for(slack: FakeSlack, accession: str) -> int:
    return sum(1 for m in slack.messages
               if (m.metadata or {}).get("event_payload", {}).get("accession") == accession)


async def http_get(url: str) -> tuple[int, bytes]:
    """Status and body; (0, b"") while nothing listens."""
    try:
        async with aiohttp.ClientSession() as session, session.get(
                url, timeout=aiohttp.ClientTimeout(total=5)) as resp:
            return resp.status, await resp.read()
    except (aiohttp.ClientError, TimeoutError):
        return 0, b""


async def healthy(url: str) -> bool:
    return (await http_get(url))[0] == 200


def build(image: str) -> None:
    if shutil.which("podman") is None or subprocess.run(
            ["podman", "image", "exists", BASE_IMAGE], check=False).returncode != 0:
        step(f"building the base image with {BASE_SCRIPT} (once per machine)")
        subprocess.run(["bash", str(BASE_SCRIPT), BASE_IMAGE], check=True)
    step(f"podman build of the unchanged Dockerfile (FROM replaced by {BASE_IMAGE})")
    subprocess.run(["podman", "build", "--isolation=chroot", "--format", "docker", "--from",
                    BASE_IMAGE, "-t", image, str(REPO)], check=True)


async def run_checks(image: str) -> None:
    tag = f"edgar-ci-{os.getpid()}"
    volume, name = f"{tag}-data", f"{tag}-daemon"
    port = 8787 if port_free(8787) else free_port()
    async with EdgarReplica() as replica, FakeSlack() as slack:
        env = ["-e", f"EDGAR_USER_AGENT={AGENT}", "-e", f"SLACK_BOT_TOKEN={VALID_TOKEN}",
               "-e", f"SLACK_API_URL={slack.base_url}"]
        command = ["edgar-monitor", "run", "--db", "/data/edgar-monitor.db", "--edgar-url",
                   replica.base_url, "--health-host", "0.0.0.0", "--health-port", str(port)]
        run = ["run", "-d", "--name", name, "--network=host", "-v", f"{volume}:/data", *env,
               image, *command]
        try:
            uid = (await podman("run", "--rm", image, "id", "-u")).strip()
            check(uid not in ("", "0"), f"the image runs as a non-root user (uid {uid})")

            await podman(*run)
            health = f"http://127.0.0.1:{port}"
            await wait_for(lambda: healthy(f"{health}/healthz"),
                           "/healthz published on the host", 60)
            status, body = await http_get(f"{health}/metrics")
            check(status == 200 and b"edgar" in body,
                  f"/metrics published on the host with --health-host 0.0.0.0 (port {port})")

            first = filing(1)
            replica.add_filing(first)
            await wait_for(lambda: alerts_for(slack, first.accession) == 1,
                           "the first alert in Slack", 90)
            check(True, f"an alert arrived for {first.accession}")

            inside = ["edgar-monitor", "check"] if port == 8787 else \
                ["edgar-monitor", "check", "--url", health]
            await podman("exec", name, *inside)
            check(True, f"`{' '.join(inside)}` passes inside the container")

            second = filing(2)
            replica.add_filing(second)
            # Stop while the filing is in flight: the daemon has asked for its documents.
            folder = f"/Archives/edgar/data/{second.cik}/"
            await wait_for(lambda: any(r.path_qs.startswith(folder) for r in replica.requests),
                           "the daemon to start on the second filing", 60)
            started = time.monotonic()
            await podman("stop", "--time", str(int(GRACE + 10)), name, timeout=GRACE + 60)
            took = time.monotonic() - started
            code = (await podman("inspect", "--format", "{{.State.ExitCode}}", name)).strip()
            logs = await podman("logs", name, with_stderr=True)
            check(code == "0" and took <= GRACE + 5 and "monitor_stopped" in logs,
                  f"SIGTERM stopped the daemon in {took:.1f} s (grace {GRACE:.0f} s), exit 0")

            await podman("rm", name)
            await podman(*run)  # a new container on the same volume
            await wait_for(lambda: alerts_for(slack, second.accession) == 1,
                           "the alert of the filing published at shutdown", 90)
            third = filing(3)
            replica.add_filing(third)
            await wait_for(lambda: alerts_for(slack, third.accession) == 1,
                           "an alert after the restart", 90)
            check(alerts_for(slack, first.accession) == 1 and
                  alerts_for(slack, second.accession) == 1,
                  "after a restart on the same volume nothing was lost and nothing posted "
                  "twice (the database persisted)")
            await podman("stop", "--time", str(int(GRACE + 10)), name, timeout=GRACE + 60)
        finally:
            await podman("rm", "-f", name, check_rc=False)
            await podman("volume", "rm", "-f", volume, check_rc=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--image", default="edgar-monitor:ci")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    try:
        if not args.skip_build:
            build(args.image)
        asyncio.run(run_checks(args.image))
    except (CheckFailed, subprocess.CalledProcessError) as exc:
        print(f"[container] FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    step("all container checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
