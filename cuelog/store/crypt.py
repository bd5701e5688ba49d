"""Encryption at rest with age (https://age-encryption.org/v1).

Two layers, both standard age files that the ``age`` tool opens:

* ``cuelog.json.key`` holds a random X25519 identity, encrypted to the person's
  passphrase with age's scrypt recipient. cuelog writes that file itself, at a
  FIXED work factor (log N = 18, the one the ``age`` command line uses), and reads
  any factor up to 22 (age's own default limit), whatever the speed of the machine
  or how busy it is. pyrage (the Rust age) picks the factor from the speed of the
  machine that encrypts and, when decrypting, refuses a factor it now measures as
  too slow, so a journal encrypted on a fast desktop could refuse to open on an old
  laptop or a phone; pyrage has no way to fix the factor, hence this small part.
* every journal file is encrypted to that identity's X25519 recipient with pyrage:
  no scrypt there, so opening a file costs milliseconds.

Errors say what happened: a wrong passphrase, an excessive work factor, a damaged
or truncated file, a file encrypted to another key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Any

from cuelog.errors import InputError, StoreError
from cuelog.store.files import AGE_HEADER

KEY_LOG_N = 18  # 2**18 iterations of scrypt, r=8: about 1 s and 256 MiB on a laptop of 2024
MAX_LOG_N = 22  # the most we accept when reading (age's default limit): about 16 s and 4 GiB
MIN_PASSPHRASE = 8
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_CHUNK = 64 * 1024


class KeyFileError(StoreError):
    """The key file could not be opened; the message says why."""


class WrongPassphrase(KeyFileError):
    """The passphrase does not open the key file (a person may try again)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    if not text or len(text) % 4 == 1 or "=" in text:
        raise ValueError("bad base64")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _aead(key: bytes):
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    return ChaCha20Poly1305(key)


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    # HKDF-SHA-256 (RFC 5869) in a few lines of the standard library.
    prk = hmac.new(salt or b"\0" * 32, ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def _scrypt(passphrase: str, salt: bytes, log_n: int) -> bytes:
    n = 1 << log_n
    try:
        return hashlib.scrypt(
            passphrase.encode("utf-8"),
            salt=_SCRYPT_LABEL + salt,
            n=n,
            r=8,
            p=1,
            maxmem=128 * 8 * n + (64 << 20),
            dklen=32,
        )
    except (MemoryError, ValueError):
        raise KeyFileError(
            f"this machine has not enough free memory to open the key (work factor {log_n} needs "
            f"{(128 * 8 * n) >> 20} MiB)"
        ) from None


def key_log_n() -> int:
    """The work factor for a new key file: 18. CUELOG_TEST_SCRYPT_LOG_N (tests only, and
    documented as such) may lower it so a test suite does not spend minutes in scrypt."""
    raw = os.environ.get("CUELOG_TEST_SCRYPT_LOG_N", "")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= KEY_LOG_N else KEY_LOG_N


def wrap_with_passphrase(secret: bytes, passphrase: str, log_n: int | None = None) -> bytes:
    """``secret`` as an age file encrypted to ``passphrase`` (scrypt recipient)."""
    log_n = key_log_n() if log_n is None else log_n
    file_key = os.urandom(16)
    salt = os.urandom(16)
    body = _aead(_scrypt(passphrase, salt, log_n)).encrypt(b"\0" * 12, file_key, None)
    header = f"age-encryption.org/v1\n-> scrypt {_b64(salt)} {log_n}\n{_b64(body)}\n---".encode()
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    nonce = os.urandom(16)
    payload_key = _hkdf(file_key, nonce, b"payload")
    return header + f" {_b64(mac)}\n".encode() + nonce + _stream_seal(payload_key, secret)


def _stream_seal(key: bytes, data: bytes) -> bytes:
    aead = _aead(key)
    chunks = [data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK)] or [b""]
    out = []
    for counter, chunk in enumerate(chunks):
        last = counter == len(chunks) - 1
        out.append(aead.encrypt(counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00"), chunk, None))
    return b"".join(out)


def _stream_open(key: bytes, data: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag

    aead = _aead(key)
    sealed = _CHUNK + 16
    chunks = [data[i : i + sealed] for i in range(0, len(data), sealed)]
    if not chunks:
        raise ValueError("no payload")
    out = []
    for counter, chunk in enumerate(chunks):
        last = counter == len(chunks) - 1
        try:
            out.append(aead.decrypt(counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00"), chunk, None))
        except InvalidTag:
            raise ValueError("damaged payload") from None
    return b"".join(out)


def scrypt_work_factor(raw: bytes) -> int | None:
    """The log N of a passphrase-encrypted age file, or ``None`` if it is not one."""
    try:
        return _parse_scrypt_header(raw)[1]
    except ValueError:
        return None


def _parse_scrypt_header(raw: bytes) -> tuple[bytes, int, bytes, bytes, bytes]:
    """(salt, log_n, wrapped file key, header bytes up to '---', the rest) or ValueError."""
    lines = raw.split(b"\n", 4)
    if len(lines) < 5 or lines[0] != AGE_HEADER:
        raise ValueError("not an age file")
    stanza = lines[1].decode("ascii", "replace").split(" ")
    if len(stanza) != 4 or stanza[:2] != ["->", "scrypt"]:
        raise ValueError("not encrypted with a passphrase")
    salt = _unb64(stanza[2])
    if len(salt) != 16 or not stanza[3].isdigit() or stanza[3] != str(int(stanza[3])):
        raise ValueError("bad scrypt stanza")
    body = _unb64(lines[2].decode("ascii", "replace"))
    if len(body) != 32 or not lines[3].startswith(b"--- "):
        raise ValueError("bad header")
    header = b"\n".join(lines[:3]) + b"\n---"
    rest = lines[3][4:] + b"\n" + lines[4]
    return salt, int(stanza[3]), body, header, rest


def unwrap_with_passphrase(raw: bytes, passphrase: str, what: str) -> bytes:
    """Open an age file encrypted to a passphrase; each failure has its own message."""
    from cryptography.exceptions import InvalidTag

    try:
        salt, log_n, body, header, rest = _parse_scrypt_header(raw)
    except ValueError as exc:
        raise KeyFileError(f"{what} is damaged or not a cuelog key file ({exc})") from None
    if log_n > MAX_LOG_N or log_n < 1:
        raise KeyFileError(
            f"{what} asks for an excessive work factor (log N {log_n}; cuelog accepts up to {MAX_LOG_N}); "
            "it was not opened"
        )
    try:
        file_key = _aead(_scrypt(passphrase, salt, log_n)).decrypt(b"\0" * 12, body, None)
    except InvalidTag:
        raise WrongPassphrase(f"wrong passphrase for {what}; nothing was changed") from None
    mac_text, _, payload = rest.partition(b"\n")
    try:
        mac = _unb64(mac_text.decode("ascii", "replace"))
    except ValueError:
        mac = b""
    expected = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, expected) or len(payload) < 16 + 16:
        raise KeyFileError(f"{what} is damaged or truncated; it was not opened")
    try:
        return _stream_open(_hkdf(file_key, payload[:16], b"payload"), payload[16:])
    except ValueError:
        raise KeyFileError(f"{what} is damaged or truncated; it was not opened") from None


def check_passphrase(phrase: str) -> str:
    if len(phrase) < MIN_PASSPHRASE:
        raise InputError(
            f"a passphrase needs at least {MIN_PASSPHRASE} characters",
            hint="a few unrelated words make a strong one that is easy to type, e.g. 'river lamp orbit tulip'",
        )
    return phrase


class Cipher:
    """Encryption of journal files to one X25519 identity (fast: no scrypt)."""

    def __init__(self, identity: Any) -> None:
        self.identity = identity
        self.recipient = identity.to_public()

    @classmethod
    def generate(cls) -> Cipher:
        import pyrage

        return cls(pyrage.x25519.Identity.generate())

    @classmethod
    def from_secret(cls, secret: str, what: str) -> Cipher:
        import pyrage

        lines = [line.strip() for line in secret.splitlines() if line.strip() and not line.startswith("#")]
        try:
            return cls(pyrage.x25519.Identity.from_str(lines[0]))
        except (IndexError, pyrage.IdentityError):
            raise KeyFileError(f"{what} does not hold an age identity; it was left untouched") from None

    def secret(self) -> str:
        return str(self.identity)

    def encrypt(self, data: bytes) -> bytes:
        import pyrage

        return pyrage.encrypt(data, [self.recipient])

    def decrypt(self, data: bytes, path: Any) -> bytes:
        import pyrage

        try:
            return pyrage.decrypt(data, [self.identity])
        except pyrage.DecryptError as exc:
            text = str(exc).lower()
            if "no matching" in text or "no identity" in text:
                raise StoreError(
                    f"{path} is encrypted to a different key than this journal's; it was left untouched"
                ) from None
            raise StoreError(f"{path} is damaged or truncated and cannot be decrypted; it was left untouched") from None


def key_fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:32]
