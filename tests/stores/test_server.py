"""The oxigraph server helper starts a real server on 127.0.0.1 and stops it."""

from __future__ import annotations

import json
import urllib.request

import pytest

from scokg.stores.oxigraph_server import OxigraphServer

pytestmark = pytest.mark.server


def test_server_answers_and_stops(tmp_path):
    server = OxigraphServer(location=tmp_path / "store")
    with server:
        assert server.host == "127.0.0.1"
        request = urllib.request.Request(
            server.query_url + "?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D",
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)["boolean"] is False
        pid = server.process.pid
    assert server.process.poll() is not None, f"server {pid} still running"
    assert not server.is_up()
