"""Production's static storage: the manifest's URLs, each worked out once."""

from __future__ import annotations

import json

from quizapp.storage import StaticFilesStorage


def test_a_static_url_is_the_manifests_and_is_kept(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"paths": {"css/app.css": "css/app.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("css/app.css") == "/static/css/app.0123456789ab.css"
    # Kept: a name the process has already asked for is not looked up again.
    storage.hashed_files[storage.hash_key("css/app.css")] = "css/app.fedcba987654.css"
    assert storage.url("css/app.css") == "/static/css/app.0123456789ab.css"
    assert storage.url("css/app.css", force=True) == "/static/css/app.fedcba987654.css"


def test_under_debug_a_static_url_is_the_files_own(tmp_path, settings):
    settings.DEBUG = True
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": {}, "version": "1.1"}))
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("css/app.css") == "/static/css/app.css"
