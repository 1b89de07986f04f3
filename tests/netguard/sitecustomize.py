"""Network guard for the test suite: loaded at start-up by every Python process whose
PYTHONPATH includes this folder (the book build, its notebook kernels, the command line).

Connections to loopback addresses (Jupyter's kernel channels) and Unix sockets are allowed.
Any other connection or name lookup is refused with an error and written to the file named by
$NETGUARD_LOG, so a test can show that a build reached for nothing outside the machine.
"""

import os
import socket

_LOG = os.environ.get("NETGUARD_LOG")
_ARMED = os.environ.get("NETGUARD_ARMED")
_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "", None}


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    return host in _LOCAL_NAMES or str(host).startswith("127.") or str(host).endswith(".localhost")


def _refuse(what: str):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"pid {os.getpid()}: {what}\n")
    raise OSError(f"network access refused by the test suite's guard: {what}")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse(f"connect to {address!r}")
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse(f"connect_ex to {address!r}")
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        _refuse(f"name lookup of {host!r}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo

if _ARMED:
    with open(_ARMED, "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}\n")
