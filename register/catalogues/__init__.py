"""Translation catalogues. Source texts are English; the Dutch catalogue is kept as one
``.po`` fragment per area in ``nl/`` (so areas never edit the same file) and merged and
compiled to ``register/translations/nl/LC_MESSAGES/messages.mo`` at install time:

    python -m register.catalogues build     # merge + compile (make does this)
    python -m register.catalogues missing   # list source texts without a Dutch translation
"""
