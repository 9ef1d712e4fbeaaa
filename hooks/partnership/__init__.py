"""Partnership site generator: partnership_data/ (YAML) -> pages and feeds.

This package must never import MkDocs (a test checks): the MkDocs hook in
hooks/partnership_site.py is one adapter, `python -m partnership build` another.
"""
