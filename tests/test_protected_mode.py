"""Protected mode (networking.c clientAcceptHandler): without a password, only loopback
clients are let in. No test can connect from another host here, so the decision is tested."""

from __future__ import annotations

import socket

from miniredis.config import Config
from miniredis.connection import PROTECTED_MODE_REPLY, format_addr, protected_mode_denies


def test_only_loopback_clients_without_a_password() -> None:
    cfg = Config()
    assert not protected_mode_denies(cfg, format_addr(("127.0.0.1", 5000)))
    assert not protected_mode_denies(cfg, format_addr(("127.8.9.10", 5000)))
    assert not protected_mode_denies(cfg, format_addr(("::1", 5000, 0, 0)))
    assert not protected_mode_denies(cfg, "", socket.AF_UNIX)  # unix socket peer
    assert protected_mode_denies(cfg, format_addr(("10.1.2.3", 5000)))
    assert protected_mode_denies(cfg, format_addr(("fe80::1%eth0", 5000, 0, 2)))


def test_a_password_or_protected_mode_no_lets_everyone_in() -> None:
    assert not protected_mode_denies(Config(requirepass="pw"), "10.1.2.3:5000")
    assert not protected_mode_denies(Config(protected_mode=False), "10.1.2.3:5000")


def test_the_refusal_is_redis_7_0_s_text() -> None:
    assert PROTECTED_MODE_REPLY.startswith(
        b"-DENIED Redis is running in protected mode because protected mode is enabled and no "
        b"password is set for the default user."
    )
    assert PROTECTED_MODE_REPLY.endswith(
        b"4) Setup a an authentication password for the default user. NOTE: You only need to "
        b"do one of the above things in order for the server to start accepting connections "
        b"from the outside.\r\n"
    )
