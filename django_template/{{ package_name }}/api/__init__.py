"""The REST API, built with Django REST framework."""
