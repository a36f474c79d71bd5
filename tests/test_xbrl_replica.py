"""The replica's data.sec.gov routes behave as data.sec.gov does (EDGAR.md §5, §8)."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from monitor.sandbox import EdgarReplica

from .conftest import USER_AGENT

FACTS = b'{"cik":1000001,"entityName":"X","facts":{}}'


async def get(url: str) -> tuple[int, dict[str, str], bytes]:
    async with aiohttp.ClientSession() as session, session.get(
            url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}) as resp:
        return resp.status, dict(resp.headers), await resp.read()


async def test_companyfacts_are_served_with_data_sec_gov_headers(replica: EdgarReplica) -> None:
    replica.add_company_facts(1000001, FACTS)

    status, headers, body = await get(
        f"{replica.base_url}/api/xbrl/companyfacts/CIK0001000001.json")

    assert status == 200
    assert body == FACTS
    assert headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "max-age=0, no-cache, no-store"
    assert headers["Expires"] == headers["Date"]
    assert headers["Pragma"] == "no-cache"
    assert "x-amz-apigw-id" in headers and "x-amzn-RequestId" in headers
    for absent in ("ETag", "Last-Modified"):
        assert absent not in headers
    assert headers.get("Server") != "Apache"  # www.sec.gov's front, not API Gateway


async def test_company_without_xbrl_data_is_a_404_no_such_key(replica: EdgarReplica) -> None:
    status, headers, body = await get(
        f"{replica.base_url}/api/xbrl/companyfacts/CIK0000000042.json")

    assert status == 404
    assert headers["Content-Type"] == "application/xml"
    assert b"<Code>NoSuchKey</Code>" in body
    assert b"<Key>api/xbrl/companyfacts/CIK0000000042.json</Key>" in body


async def test_unpadded_cik_is_not_a_key(replica: EdgarReplica) -> None:
    replica.add_company_facts(1000001, FACTS)
    status, _headers, _body = await get(f"{replica.base_url}/api/xbrl/companyfacts/CIK1000001.json")
    assert status == 404


async def test_folder_files_are_served_and_reread(replica: EdgarReplica, tmp_path: Path) -> None:
    (tmp_path / "companyfacts").mkdir()
    (tmp_path / "submissions").mkdir()
    (tmp_path / "companyfacts" / "CIK0001000001.json").write_bytes(FACTS)
    (tmp_path / "submissions" / "CIK0001000001.json").write_bytes(b'{"cik":"0001000001"}')

    assert replica.load_data_files(tmp_path) == 2
    status, _h, body = await get(f"{replica.base_url}/submissions/CIK0001000001.json")
    assert (status, body) == (200, b'{"cik":"0001000001"}')

    (tmp_path / "companyfacts" / "CIK0001000001.json").write_bytes(b'{"facts":{}}')
    replica.load_data_files(tmp_path)
    _s, _h, body = await get(f"{replica.base_url}/api/xbrl/companyfacts/CIK0001000001.json")
    assert body == b'{"facts":{}}'
