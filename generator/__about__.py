"""The package version, which is also the template version."""

__version__ = "0.3.1"
