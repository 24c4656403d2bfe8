"""The project's user model."""
