"""The baselines: a bare Flask "hello" app and a bare WSGI one, served by gunicorn with the
same settings as the register, so the lookup's throughput can be given as a share of what
the stack itself does (Flask's own cost shows as the gap between the two)."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The cheapest possible response."""
    return "hello"


def wsgi(environ, start_response):
    """The cheapest possible WSGI response: no framework at all."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]
