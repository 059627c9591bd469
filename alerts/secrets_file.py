"""The local secrets file (data/alerts/secrets.yaml, 0600): `brand_id: secret` or `[current, previous]`.

Rotation keeps two secrets valid at once: `rotate` puts a new secret first and keeps the one before
it second (deliveries are signed with both); `retire` drops the second once the brand's receiver
verifies with the new one.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from alerts.config import AlertsConfig, read_secrets_file, secrets_path
from alerts.private_files import private_dir, write_private
from alerts.signing import new_secret
from greenchain.paths import DataPaths

_HEADER = ("# Webhook signing secrets per brand (greenchain alerts secret rotate|retire). Mode 0600; never commit.\n"
           "# brand_id: secret, or brand_id: [current, previous] while a rotation is under way.\n")


def _write(path: Path, secrets: dict[str, list[str]]) -> None:
    data = {b: (v[0] if len(v) == 1 else v) for b, v in sorted(secrets.items())}
    private_dir(path.parent)
    write_private(path, (_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=True)).encode("utf-8"))


def rotate_secret(cfg: AlertsConfig, paths: DataPaths, brand_id: str) -> tuple[Path, list[str]]:
    """A new current secret for the brand, the old current one kept as previous; returns both."""
    path = secrets_path(cfg, paths)
    secrets = read_secrets_file(path)
    kept = [new_secret(), *secrets.get(brand_id, [])[:1]]
    secrets[brand_id] = kept
    _write(path, secrets)
    return path, kept


def retire_previous(cfg: AlertsConfig, paths: DataPaths, brand_id: str) -> bool:
    """Drop the brand's previous secret; False if it had none."""
    path = secrets_path(cfg, paths)
    secrets = read_secrets_file(path)
    if len(secrets.get(brand_id, [])) < 2:
        return False
    secrets[brand_id] = secrets[brand_id][:1]
    _write(path, secrets)
    return True
