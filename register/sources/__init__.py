"""Source texts in policy: proving that every quoted text stands in its source document.

``matching`` compares a quote with a document (pure text work); ``check`` walks the policy
files and reports each quote that is not where it says it is. Run it as
``python -m register.sources check --seeds ../shared/seeds`` (``make sources-check``).
"""
