"""A local HTTP server for the unit tests: it records every request and answers from a script."""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

DROP = "drop"


class Recorded:
    def __init__(self, method: str, path: str, headers: Dict[str, str], body: bytes) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body

    def header(self, name: str) -> Optional[str]:
        for k, v in self.headers.items():
            if k.lower() == name.lower():
                return v
        return None

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


def answer(status: int = 200, body: Any = None, headers: Optional[Dict[str, str]] = None, delay: float = 0.0) -> Dict[str, Any]:
    return {"status": status, "body": {} if body is None else body, "headers": headers or {}, "delay": delay}


class ScriptedServer:
    """Answers requests from ``script`` in order (an answer dict, DROP, or a callable taking the
    Recorded request); when the script is used up it answers with ``fallback``."""

    def __init__(self) -> None:
        self.requests: List[Recorded] = []
        self.script: List[Any] = []
        self.fallback: Any = answer(200, {})
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                rec = Recorded(self.command, self.path, dict(self.headers.items()), body)
                with outer._lock:
                    outer.requests.append(rec)
                    step = outer.script.pop(0) if outer.script else outer.fallback
                if callable(step):
                    step = step(rec)
                if step == DROP:
                    self.close_connection = True
                    try:
                        self.connection.shutdown(2)
                    except OSError:
                        pass
                    return
                if step.get("delay"):
                    time.sleep(step["delay"])
                payload = step["body"]
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
                try:
                    self.send_response(step["status"])
                    headers = {"Content-Type": "application/json", "X-Request-Id": "req_test_%d" % len(outer.requests)}
                    headers.update(step.get("headers") or {})
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def client_for(server: ScriptedServer, **kwargs: Any) -> Any:
    import finos

    kwargs.setdefault("initial_retry_delay", 0.001)
    kwargs.setdefault("max_retry_delay", 0.01)
    kwargs.setdefault("proxies", {})
    return finos.Client(kwargs.pop("api_key", "sk_test_unit"), base_url=server.url, **kwargs)
