"""Serve a built site the way a static host does: text compressed with gzip, files cached.

Python's http.server sends every file uncompressed, which makes a page look heavier and slower
to Lighthouse than it is for a reader. Static hosts (GitHub Pages, Netlify, an nginx with
`gzip on`) compress HTML, CSS, JavaScript, JSON, SVG and XML when the browser accepts it, and
leave fonts and images as they are.

Run: `python bench/gzip_server.py site/ --port 8000` (or use `serve()` from another script).
"""

import argparse
import functools
import gzip
import http.server
import threading
from pathlib import Path
from typing import ClassVar

COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
LEVEL = 6  # what nginx and most hosts use


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    # One compressed copy per file: the site does not change while it is served.
    compressed: ClassVar[dict[str, bytes]] = {}

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' value
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects /ch4 to /ch4/
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and content_type.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        key = str(path)
        if key not in self.compressed:
            self.compressed[key] = gzip.compress(path.read_bytes(), LEVEL, mtime=0)
        body = self.compressed[key]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: copyfile() reads it, then it is closed."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size=-1):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser closing a connection early (BrokenPipeError) is not news


def serve(site: Path, port: int) -> QuietServer:
    """Serve `site` on 127.0.0.1:`port` in a background thread; call .shutdown() to stop."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = QuietServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = serve(args.site, args.port)
    print(f"serving {args.site} at http://127.0.0.1:{args.port}/ (gzip)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
