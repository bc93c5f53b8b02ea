"""Pure domain rules: no Flask, no SQLAlchemy, no file or network access.

Each rule takes policy objects and plain facts and returns a result with a trace that can be
shown to applicants and registrars.
"""
