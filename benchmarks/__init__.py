"""Benchmarks for the public lookup at national scale.

``python -m benchmarks.generate`` fills a database with a realistic register (10k to 1M
registrations); ``python -m benchmarks.run`` serves the app with gunicorn on 127.0.0.1,
loads it with wrk and writes ``docs/benchmarks.md``. Benchmarks, not timed tests: nothing
here runs in the test suite except the generator's own test.
"""
