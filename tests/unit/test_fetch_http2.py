"""The fetcher against a real TLS server on loopback that offers HTTP/2 (hypercorn)."""

from __future__ import annotations

import asyncio

import pytest

from kalbartui.feeds.fetch import Fetcher
from tests.h2server import H2Server


def _feed(n: int) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
        f"<title>KalbarOnline Kategori {n}</title><link>https://www.kalbaronline.com/</link>"
        f"<item><title>Banjir rob di Pontianak, berita {n}</title>"
        f"<link>https://www.kalbaronline.com/2026/11/25/berita-{n}/</link></item>"
        "</channel></rss>"
    ).encode()


FEEDS = {f"/kategori/k{n}/feed/": _feed(n) for n in range(6)}


@pytest.fixture
def h2_server():  # noqa: ANN201
    with H2Server(FEEDS) as server:
        yield server


async def test_several_feeds_share_one_http2_connection(h2_server: H2Server) -> None:
    async with Fetcher(timeout=10.0, verify=h2_server.client_context(), per_host=4) as f:
        results = await asyncio.gather(*(f.fetch(h2_server.url(p)) for p in FEEDS))
    assert [r.status for r in results] == ["ok"] * len(FEEDS)
    assert [r.body for r in results] == list(FEEDS.values())  # gzip undone
    versions = {version for version, _client in h2_server.app.seen}
    clients = {client for _version, client in h2_server.app.seen}
    assert versions == {"2"}
    assert len(clients) == 1, f"{len(clients)} connections for {len(FEEDS)} feeds"


async def test_http2_keeps_conditional_get(h2_server: H2Server) -> None:
    url = h2_server.url("/kategori/k1/feed/")
    async with Fetcher(timeout=10.0, verify=h2_server.client_context()) as f:
        first = await f.fetch(url)
        again = await f.fetch(url, etag=first.etag)
    assert first.status == "ok" and first.etag
    assert again.status == "not_modified"


async def test_a_server_without_http2_still_gets_http11() -> None:
    with H2Server(FEEDS, http2=False) as server:
        async with Fetcher(timeout=10.0, verify=server.client_context(), per_host=2) as f:
            results = await asyncio.gather(*(f.fetch(server.url(p)) for p in FEEDS))
        assert [r.status for r in results] == ["ok"] * len(FEEDS)
        assert {version for version, _ in server.app.seen} == {"1.1"}
        assert len({client for _, client in server.app.seen}) <= 2


async def test_an_unknown_certificate_authority_is_refused(h2_server: H2Server) -> None:
    # The system's CA store does not know the test CA: verification stays on.
    async with Fetcher(timeout=10.0) as f:
        result = await f.fetch(h2_server.url("/kategori/k1/feed/"))
    assert result.status == "error"
    assert str(result.error) == "the site's certificate could not be verified"
    assert h2_server.app.seen == []


def test_the_certificate_error_reads_in_indonesian() -> None:
    from kalbartui.i18n import message
    from kalbartui.problems import Problem

    words = message(Problem.of("net.certificate"), "id")
    assert words == "sertifikat situs tidak dapat diverifikasi"


async def test_a_linked_page_over_tls_connects_to_the_judged_address_and_checks_the_name(
    h2_server: H2Server,
) -> None:
    from kalbartui.addresses import Reach

    # "localhost" is held to the rule (it is not the feed's origin); the user allowed loopback.
    allowed = Reach.of(("127.0.0.0/8",), "https://news.example/feed/")
    refused = Reach.of(False, "https://news.example/feed/")
    url = f"https://localhost:{h2_server.port}/kategori/k1/feed/"
    async with Fetcher(timeout=10.0, verify=h2_server.client_context()) as f:
        ok = await f.fetch(url, reach=allowed)
        no = await f.fetch(url, reach=refused)
    # The certificate names localhost: TLS checked the name while connecting to 127.0.0.1.
    assert ok.status == "ok" and ok.body == FEEDS["/kategori/k1/feed/"]
    assert {v for v, _ in h2_server.app.seen} == {"2"}  # HTTP/2 through the guarded pool
    assert no.status == "error" and no.error is not None
    assert no.error.code == "fetch.private_address"
