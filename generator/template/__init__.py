"""The template: its questions (from ``copier.yml``), its versioned store, old releases,
the facts its macros know, and the one adapter that talks to Copier.
"""
