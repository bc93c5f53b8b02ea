"""The baseline: a bare Flask "hello" app, served by gunicorn with the same settings as the
register, so the lookup's throughput can be given as a share of what the stack itself does."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The cheapest possible response."""
    return "hello"
