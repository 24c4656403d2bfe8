"""The HTML pages."""

from flask.testing import FlaskClient


def test_home_page_renders_the_base_template(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "<!doctype html>" in response.text
    assert "Acme" in response.text or "<title>" in response.text


def test_static_files_are_served(client: FlaskClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200
    response.close()
