"""The loopback servers (the sample's, the tests', the fake Wayback's) take a crawl's burst of new
connections at once and keep them alive, so they never throttle the crawl they serve."""

from __future__ import annotations

import http.client
import socket
from http.server import BaseHTTPRequestHandler

from blogarchive.static_site import LoopbackServer, StaticSite
from tests.crawling import SITES


def test_a_burst_of_connections_waits_in_the_listen_queue_not_for_syn_retransmits() -> None:
    """100 connections opened before the server accepts any all complete: Python's default queue
    of 5 would leave the 6th onwards waiting for the kernel to retransmit their SYN (1-3 s)."""
    server = LoopbackServer(BaseHTTPRequestHandler)  # never started: nothing is accepted
    sockets = [socket.socket() for _ in range(100)]
    connected = 0
    try:
        for sock in sockets:
            sock.settimeout(0.5)  # loopback answers in microseconds when the queue has room
            try:
                sock.connect(server.server_address)
                connected += 1
            except OSError:
                pass
    finally:
        for sock in sockets:
            sock.close()
        server.server_close()
    assert connected == 100


def test_one_connection_serves_several_requests() -> None:
    with StaticSite(SITES / "typepad-fr-sample") as site:
        connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
        statuses = []
        for path in ("/mon_blog/", "/mon_blog/absent.html", "/mon_blog/atom.xml"):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        connection.close()
        assert statuses == [200, 404, 200]
        assert sum(site.requests.values()) == 3
        assert site.connections == 1  # counted at the server
