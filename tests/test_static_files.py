"""`serve` and `setup` collect the static files only when they changed."""

from django.core.management import call_command

from visiespiegel.static_files import STAMP, collect_static


def test_collected_once_then_again_only_after_a_change(settings, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "extra.css").write_text("body { color: black }")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "static"
    collected = settings.STATIC_ROOT / "extra.css"
    assert collect_static() is True
    assert collected.read_text() == "body { color: black }"
    stamp = (settings.STATIC_ROOT / STAMP).read_text()

    collected.unlink()  # collecting again would bring it back
    assert collect_static() is False
    assert not collected.exists()

    (source / "extra.css").write_text("body { color: navy }")
    assert collect_static() is True
    assert collected.read_text() == "body { color: navy }"
    assert (settings.STATIC_ROOT / STAMP).read_text() != stamp

    (settings.STATIC_ROOT / STAMP).unlink()  # an interrupted collect leaves no stamp
    assert collect_static() is True


def test_serve_skips_collecting_when_the_stamp_matches(settings, tmp_path, monkeypatch):
    import uvicorn

    settings.STATIC_ROOT = tmp_path / "static"
    collect_static()
    (settings.STATIC_ROOT / "admin").rename(tmp_path / "moved")  # would come back if collected
    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(options["port"]))
    call_command("serve", "--port", "8123")
    assert started == [8123]
    assert not (settings.STATIC_ROOT / "admin").exists()
