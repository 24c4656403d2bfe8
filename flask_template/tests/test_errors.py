"""Errors answer in JSON for the API and JSON clients, in HTML for browsers."""

import pytest
from flask import Flask
from flask.testing import FlaskClient


def test_missing_page_is_html(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page not found" in response.text


def test_missing_page_is_json_for_json_clients(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["error"]["status"] == 404


def test_missing_api_url_is_json(client: FlaskClient) -> None:
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response.json["error"]["name"] == "Not Found"


def test_method_not_allowed_is_json_on_the_api(client: FlaskClient) -> None:
    response = client.delete("/api/")
    assert response.status_code == 405
    assert response.json["error"]["status"] == 405


@pytest.fixture
def failing_app(app: Flask) -> Flask:
    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("boom")

    @app.get("/api/boom")
    def api_boom() -> str:
        raise RuntimeError("boom")

    return app


def test_unexpected_errors_give_the_500_page(failing_app: Flask) -> None:
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.text


def test_unexpected_api_errors_give_json(failing_app: Flask) -> None:
    response = failing_app.test_client().get("/api/boom")
    assert response.status_code == 500
    assert response.json["error"]["status"] == 500
