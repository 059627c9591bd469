import pytest

from greenchain.configfile import ConfigError
from greenchain.ids import canonical_raw, stable_id
from greenchain.settings import load_settings


def test_environment_overrides_are_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENCHAIN_PROXY", "http://127.0.0.1:9999")
    monkeypatch.setenv("GREENCHAIN_CRAWL_PROFILE", "simulator")
    s = load_settings()
    assert s.crawl.proxy == "http://127.0.0.1:9999"
    assert s.crawl.profile == "simulator"


def test_proxy_must_be_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENCHAIN_PROXY", "http://10.0.0.5:8765")
    with pytest.raises(ValueError, match="pattern"):
        load_settings()


def test_bad_settings_file_names_key(tmp_path) -> None:
    (tmp_path / "greenchain.yaml").write_text("crawl:\n  shards: 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"greenchain.yaml:2: key 'crawl.shards'"):
        load_settings(tmp_path)


def test_stable_id_ignores_rendering_noise_but_not_content() -> None:
    a = stable_id("rec", "nj-xzcf", "宁环罚〔2024〕12号", "南京某某化工有限公司")
    b = stable_id("rec", "nj-xzcf", " 宁环罚〔２０２４〕１２号 ", "南京某某化工有限公司")
    c = stable_id("rec", "nj-xzcf", "宁环罚〔2024〕13号", "南京某某化工有限公司")
    assert a == b != c
    assert a.startswith("rec-") and len(a) == 24
    assert canonical_raw("ＡＢ　1") == "AB1"


def test_zero_process_counts_mean_one_per_cpu(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import greenchain.settings as settings_mod

    monkeypatch.setattr(settings_mod, "cpu_count", lambda: 3)
    (tmp_path / "greenchain.yaml").write_text(
        "crawl:\n  processes_per_shard: 0\nnormalize:\n  workers: 0\n", encoding="utf-8"
    )
    s = load_settings(tmp_path)
    assert (s.crawl.processes(), s.normalize.worker_count()) == (3, 3)
    (tmp_path / "greenchain.yaml").write_text("crawl:\n  processes_per_shard: 1\nnormalize:\n  workers: 2\n")
    s = load_settings(tmp_path)
    assert (s.crawl.processes(), s.normalize.worker_count()) == (1, 2)
