"""The built web client at / (config.web)."""

import gzip

import pytest


@pytest.fixture
def dist(tmp_path, settings):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><div id="root"></div>')
    (tmp_path / "assets" / "index-abc.js").write_text("console.log('desk');" * 50)
    (tmp_path / "secret.txt").write_text("not an asset")
    settings.WEB_DIST_DIR = tmp_path
    return tmp_path


@pytest.mark.parametrize("path", ["/", "/dashboard", "/tickets/VGlja2V0OjE=", "/?status=OPEN"])
def test_pages_get_index_with_csrf_cookie(client, dist, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'<div id="root">' in response.content
    assert response["Cache-Control"] == "no-cache"
    assert "csrftoken" in response.cookies


def test_assets_are_cached_and_gzipped(client, dist):
    response = client.get("/assets/index-abc.js", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert gzip.decompress(response.content).startswith(b"console.log")
    plain = client.get("/assets/index-abc.js")
    assert "Content-Encoding" not in plain
    assert plain["Content-Type"].startswith(("text/javascript", "application/javascript"))


@pytest.mark.parametrize(
    "path", ["/assets/missing.js", "/assets/../secret.txt", "/assets/%2e%2e/secret.txt"]
)
def test_no_files_outside_assets(client, dist, path):
    assert client.get(path).status_code == 404


def test_api_and_admin_are_not_the_app(client, dist):
    assert b"root" not in client.get("/auth/csrf").content
    assert client.get("/admin/").status_code == 302
    assert client.post("/", {}).status_code == 405


def test_not_built_says_how(client, settings, tmp_path):
    settings.WEB_DIST_DIR = tmp_path / "nothing"
    response = client.get("/")
    assert response.status_code == 503
    assert b"make web-build" in response.content


PLAYGROUND = (
    '<!doctype html><div id="graphiql"></div>'
    '<script type="module" src="/assets/playground-abc.js"></script>'
)


def test_graphql_in_a_browser_is_the_built_playground(client, dist):
    """GraphiQL comes from web/dist (built from npm), not strawberry's CDN page."""
    (dist / "playground.html").write_text(PLAYGROUND)
    response = client.get("/graphql", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response.content.decode() == PLAYGROUND
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert "csrftoken" in response.cookies


def test_graphql_playground_not_built_says_how(client, dist):
    response = client.get("/graphql", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    assert b"make web-build" in response.content
    assert b"unpkg" not in response.content


def test_graphql_for_an_api_client_is_still_the_api(client, dist):
    (dist / "playground.html").write_text(PLAYGROUND)
    response = client.get("/graphql", {"query": "{ __typename }"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}
