"""The register's signing keys for verifiable credentials (Ed25519, as JWKs).

Where they come from: ``CREDENTIAL_KEYS`` (a private JWK set as JSON, e.g. from a secret
store), else the file ``CREDENTIAL_KEYS_FILE`` (default ``<instance>/credential-keys.json``,
mode 0600), written by ``flask --app register credentials keygen``. The first key of the set
signs; the others are old keys, kept so that credentials they signed still verify. Each key's
id (``kid``) is its RFC 7638 thumbprint. The public halves are published at
``/.well-known/jwks.json``.

Production refuses to start without a key (``check_configured``); development and the tests
generate one on first use into the instance folder.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:
    from jwcrypto import jwk

NO_KEY_MESSAGE = (
    "No credential signing key: set CREDENTIAL_KEYS or run "
    "`flask --app register credentials keygen` (writes {path})"
)


class NoSigningKey(RuntimeError):
    """Production has no signing key."""


@dataclass(frozen=True)
class KeyRing:
    """The signing key and every key that still verifies, by kid."""

    keys: tuple[jwk.JWK, ...]

    @property
    def current(self) -> jwk.JWK:
        return self.keys[0]

    def by_kid(self, kid: str) -> jwk.JWK | None:
        return next((k for k in self.keys if k.get("kid") == kid), None)

    def public_jwks(self) -> dict:
        """The public halves, for ``/.well-known/jwks.json``."""
        public = []
        for key in self.keys:
            data = key.export_public(as_dict=True)
            data.update({"kid": key.get("kid"), "use": "sig", "alg": "EdDSA"})
            public.append(data)
        return {"keys": public}


def new_key() -> jwk.JWK:
    """A fresh Ed25519 key whose kid is its thumbprint."""
    from jwcrypto import jwk

    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    return jwk.JWK(**key.export_private(as_dict=True), kid=key.thumbprint())


def keys_file(app: Flask) -> Path:
    return Path(
        app.config.get("CREDENTIAL_KEYS_FILE") or Path(app.instance_path) / "credential-keys.json"
    )


def _parse(text: str) -> tuple[jwk.JWK, ...]:
    from jwcrypto import jwk  # with cryptography, about 10 MB: loaded on first use

    _check_structure(text)
    keys = []
    for data in json.loads(text)["keys"]:
        key = jwk.JWK(**data)
        if not key.has_private:
            raise ValueError("a credential signing key must hold its private part")
        keys.append(key if key.get("kid") else jwk.JWK(**data, kid=key.thumbprint()))
    if not keys:
        raise ValueError("the credential key set holds no key")
    return tuple(keys)


def _write(path: Path, keys: tuple[jwk.JWK, ...], replace: bool) -> bool:
    """Write the set to ``path`` with mode 0600, atomically. Without ``replace`` an existing
    file is kept (two processes generating at once: the first one wins)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"keys": [k.export_private(as_dict=True) for k in keys]}, indent=1)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".credential-keys-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(text)
        if replace:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _load(app: Flask, generate: bool) -> tuple[jwk.JWK, ...] | None:
    configured = app.config.get("CREDENTIAL_KEYS")
    if configured:
        return _parse(configured)
    path = keys_file(app)
    if not path.exists():
        if not generate:
            return None
        _write(path, (new_key(),), replace=False)
    return _parse(path.read_text())


def key_ring() -> KeyRing:
    """The keys of the running app; read again when the key file changed (after a rotation)."""
    app = current_app._get_current_object()
    path = keys_file(app)

    def stamp():
        mtime = path.stat().st_mtime_ns if path.exists() else None
        return (app.config.get("CREDENTIAL_KEYS"), str(path), mtime)

    cached = app.extensions.get("credential_keys")
    if cached is None or cached[0] != stamp():
        keys = _load(app, generate=app.config.get("ENV_NAME") != "production")
        if keys is None:
            raise NoSigningKey(NO_KEY_MESSAGE.format(path=path))
        cached = (stamp(), KeyRing(keys))
        app.extensions["credential_keys"] = cached
    return cached[1]


def _check_structure(text: str) -> None:
    """The key set's JSON holds at least one key, each with its private part; read without
    jwcrypto (``ValueError``, ``KeyError`` or ``TypeError`` when not)."""
    found = json.loads(text)["keys"]
    if not isinstance(found, list) or not found:
        raise ValueError("the credential key set holds no key")
    for data in found:
        if not isinstance(data, dict) or not data.get("kty"):
            raise ValueError("a credential signing key must be a JWK with its kty")
        if not data.get("d"):
            raise ValueError("a credential signing key must hold its private part")


def check_configured(app: Flask) -> None:
    """Production refuses to start without a signing key (and with an unreadable one). The
    set is read as JSON here; the keys themselves are parsed (jwcrypto, cryptography) when
    the first credential is signed or checked, so a web worker starts without them."""
    if app.config.get("ENV_NAME") != "production":
        return
    text = app.config.get("CREDENTIAL_KEYS")
    if not text:
        path = keys_file(app)
        if not path.exists():
            raise NoSigningKey(NO_KEY_MESSAGE.format(path=path))
        text = path.read_text()
    try:
        _check_structure(text)
    except (ValueError, KeyError, TypeError) as exc:
        raise NoSigningKey(f"The credential signing keys cannot be read: {exc}") from None


def rotate(app: Flask) -> jwk.JWK:
    """Generate a new signing key in the key file, keeping the old ones for verification."""
    if app.config.get("CREDENTIAL_KEYS"):
        raise NoSigningKey(
            "The keys come from CREDENTIAL_KEYS: add a new key at the front of that set there"
        )
    path = keys_file(app)
    old = _parse(path.read_text()) if path.exists() else ()
    key = new_key()
    _write(path, (key, *old), replace=True)
    return key


def generated_key_set() -> str:
    """A new private key set as JSON, the form ``CREDENTIAL_KEYS`` takes (throwaway
    production-like servers: the benchmarks, the multi-process test)."""
    return json.dumps({"keys": [new_key().export_private(as_dict=True)]})
