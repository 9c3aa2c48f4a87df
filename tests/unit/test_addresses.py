"""Where a page or picture that a feed links to may come from (kalbartui.addresses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kalbartui.addresses import AddressRule, Reach, is_public, origin
from kalbartui.config import ConfigError, parse_config


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.255.0.9", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.1.1",
        "100.64.0.1", "169.254.169.254", "224.0.0.1", "255.255.255.255", "192.0.2.1",
        "198.18.0.1", "240.0.0.1", "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "::7f00:1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "2002:7f00:1::",
        "64:ff9b::7f00:1", "2001:db8::1", "ff02::1", "not an address",
    ],
)  # fmt: skip
def test_none_of_these_is_public(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "::ffff:93.184.216.34"]
)
def test_these_are(address: str) -> None:
    assert is_public(address)


def test_a_feeds_own_origin_and_the_hosts_the_user_named_are_not_held_to_the_rule() -> None:
    reach = Reach.of(("nas.local", "10.0.0.0/8"), "http://192.168.1.5:8080/feed.xml")
    assert reach.rule_for("http://192.168.1.5:8080/berita/1/") is None  # the feed's origin
    assert reach.rule_for("http://192.168.1.5/berita/1/") is not None  # another port
    assert reach.rule_for("https://192.168.1.5:8080/") is not None  # another scheme
    assert reach.rule_for("http://NAS.local./gambar.jpg") is None  # a named host
    rule = reach.rule_for("http://wiki.example/")
    assert rule == AddressRule(reach.networks)
    assert rule.allows("10.9.8.7") and rule.allows("93.184.216.34")
    assert not rule.allows("192.168.1.5") and not rule.allows("127.0.0.1")
    assert Reach.of(True).rule_for("http://127.0.0.1/") is None
    assert origin("file:///tmp/feed.xml") is None


def _config(text: str) -> dict[str, object]:
    import tomllib

    return tomllib.loads(text)


def test_the_setting_reads_as_a_user_writes_it() -> None:
    config = parse_config(
        _config(
            'fetch_private_addresses = ["nas.local", "192.168.1.0/24"]\n'
            '[[feeds]]\nurl = "http://nas.local/feed"\nfetch_private_addresses = true\n'
            '[[feeds]]\nurl = "https://example.org/feed"\n'
            '[[sources]]\nurl = "https://kalbar.example/"\nname = "K"\n'
            "fetch_private_addresses = false\n"
        ),
        Path("config.toml"),
    )
    assert config.private_addresses_for("http://nas.local/feed") is True
    assert config.private_addresses_for("https://example.org/feed") == (
        "nas.local",
        "192.168.1.0/24",
    )
    assert config.private_addresses_for("https://kalbar.example/feed/", "K") is False


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('fetch_private_addresses = "ya"', "config.wrong_type"),
        ('fetch_private_addresses = ["nas local"]', "config.private_addresses"),
        ("fetch_private_addresses = [5]", "config.private_addresses"),
        (
            '[[feeds]]\nurl = "https://a.example/"\nfetch_private_addresses = ["10.0.0.0/33"]',
            "config.private_addresses",
        ),
    ],
)
def test_a_wrong_setting_is_one_sentence(text: str, code: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(_config(text), Path("config.toml"))
    assert caught.value.problem.code == code
    assert "\n" not in caught.value.message("en")
