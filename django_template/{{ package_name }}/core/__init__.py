"""Site-wide pages and the health check."""
