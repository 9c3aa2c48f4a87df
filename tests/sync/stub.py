"""A Google Reader API server on loopback that answers as each test says: a real HTTP server,
for the stories that need a server which misbehaves (FreshRSS does not) or no PHP at all."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = Callable[[BaseHTTPRequestHandler], None]
API = "/api/greader.php"
LOGIN = API + "/accounts/ClientLogin"
SUBSCRIPTIONS = API + "/reader/api/0/subscription/list"


def reply(
    status: int, body: bytes, content_type: str = "application/json", **headers: str
) -> Answer:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    return answer


class Stub:
    """`routes` maps a path to its answer (404 for the rest); `asked` lists the paths asked."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}{API}"
        # It signs in like FreshRSS; what the other paths answer, each test decides.
        self.routes: dict[str, Answer] = {
            LOGIN: reply(200, b"SID=x\nLSID=null\nAuth=pembaca/abc\n", "text/plain")
        }
        self.asked: list[str] = []


@contextmanager
def stub_server() -> Iterator[Stub]:
    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            # kalbartui hangs up on an answer it refuses (too large): no traceback on stderr,
            # which the tests read as the command's own.
            pass

    server = Server(("127.0.0.1", 0), BaseHTTPRequestHandler)
    stub = Stub(server.server_address[1])

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _route(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            path = self.path.split("?")[0]
            stub.asked.append(path)
            answer = stub.routes.get(path)
            try:
                (answer or reply(404, b"not here", "text/plain"))(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = _route  # noqa: N815

    server.RequestHandlerClass = Handler
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    ).start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
