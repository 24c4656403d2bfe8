"""A generated project: create it, update it, check it, and what it records about itself."""
