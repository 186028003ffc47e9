"""CSRF protection is on for every form outside the tests' default configuration."""
import pytest


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True}


def test_post_without_csrf_token_is_refused(client, member):
    response = client.post("/login", data={"email": member.email, "password": "correct horse battery staple 42"})
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)


def test_every_form_carries_a_csrf_token(client):
    for path in ("/login", "/register", "/reset", "/confirm"):
        assert 'name="csrf_token"' in client.get(path).get_data(as_text=True), path
