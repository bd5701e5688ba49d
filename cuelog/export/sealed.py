"""The HTML report sealed under a passphrase: one self-contained page that opens in any current
browser, asks for the passphrase and shows the report, with nothing readable without it.

The report's HTML is encrypted with AES-256-GCM under a key derived from the passphrase with
PBKDF2-HMAC-SHA256 (random 16-byte salt, ``ITERATIONS`` rounds). The page carries the salt, the
round count, the nonce and the ciphertext (base64, in a JSON block that never runs) and some
thirty lines of the browser's own WebCrypto, no libraries. A Content-Security-Policy meta tag
allows only that one script (by its hash) and inline styles: no network, no external resource,
no form submission anywhere.

Pure: the salt and nonce come from the caller (the service draws them with :mod:`secrets`).
"""

from __future__ import annotations

import base64
import hashlib
import json

from cuelog.text import html_text as esc
from cuelog.wording import export as words

# OWASP Password Storage Cheat Sheet (PBKDF2-HMAC-SHA256: 600,000 iterations), see
# https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2
# (a technical source, so here rather than in `cuelog sources`, which lists the clinical ones).
ITERATIONS = 600_000
SALT_BYTES = 16
NONCE_BYTES = 12  # 96 bits, as GCM wants
AAD = "cuelog sealed report v1"  # bound to the ciphertext: a page cannot be re-labelled

# The decrypting code. Everything it says comes from the page's own data block (wording).
SCRIPT = """
const data = JSON.parse(document.getElementById("sealed").textContent);
const form = document.getElementById("unlock");
const field = document.getElementById("passphrase");
const note = document.getElementById("status");
const bytes = text => Uint8Array.from(atob(text), c => c.charCodeAt(0));
form.addEventListener("submit", async event => {
  event.preventDefault();
  note.textContent = data.opening;
  form.setAttribute("aria-busy", "true");
  try {
    const utf8 = new TextEncoder();
    const base = await crypto.subtle.importKey("raw", utf8.encode(field.value.normalize("NFC")), "PBKDF2",
                                               false, ["deriveKey"]);
    const key = await crypto.subtle.deriveKey(
      {name: "PBKDF2", hash: "SHA-256", salt: bytes(data.salt), iterations: data.iterations},
      base, {name: "AES-GCM", length: 256}, false, ["decrypt"]);
    const plain = await crypto.subtle.decrypt(
      {name: "AES-GCM", iv: bytes(data.nonce), additionalData: utf8.encode(data.aad)}, key, bytes(data.ciphertext));
    const html = new TextDecoder().decode(plain);
    document.open();
    document.write(html);
    document.close();
  } catch (error) {
    form.removeAttribute("aria-busy");
    note.textContent = window.crypto && crypto.subtle ? data.wrong : data.unsupported;
    field.value = "";
    field.focus();
  }
});
"""

CSP = (
    "default-src 'none'; script-src '{script}'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'none'; form-action 'none'; base-uri 'none'; frame-src 'none'; object-src 'none'"
)
# The report itself runs no script at all: once opened it keeps a policy that forbids any.
INNER_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; form-action 'none'; "
    "base-uri 'none'"
)

STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2327; max-width: 34rem;
       margin: 4rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; }
label { display: block; font-weight: 600; margin: 1.2rem 0 .3rem; }
input { font: inherit; width: 100%; box-sizing: border-box; padding: .45rem .6rem; border: 1px solid #6b7580;
        border-radius: 4px; }
button { font: inherit; margin-top: .8rem; padding: .45rem 1.1rem; border: 1px solid #1d2327; border-radius: 4px;
         background: #1d2327; color: #fff; cursor: pointer; }
#status { min-height: 1.5rem; margin-top: 1rem; font-weight: 600; color: #8a1c1c; }
.muted { color: #4f5a64; }
"""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def script_hash() -> str:
    """The CSP source that allows the page's one script and nothing else."""
    return "sha256-" + _b64(hashlib.sha256(SCRIPT.encode("utf-8")).digest())


def derive_key(passphrase: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    """PBKDF2-HMAC-SHA256 of the passphrase (NFC, UTF-8), as the page's WebCrypto derives it."""
    import unicodedata

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return kdf.derive(unicodedata.normalize("NFC", passphrase).encode("utf-8"))


def _with_policy(html: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{INNER_CSP}">'
    head = html.find("<head>")
    return html[: head + 6] + meta + html[head + 6 :] if head >= 0 else meta + html


def seal(html: str, passphrase: str, *, salt: bytes, nonce: bytes, iterations: int = ITERATIONS) -> dict:
    """The encrypted report and what the page needs to open it (base64 text)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(salt) < SALT_BYTES or len(nonce) != NONCE_BYTES:
        raise ValueError("a sealed page needs a 16-byte salt and a 12-byte nonce")
    key = derive_key(passphrase, salt, iterations)
    ciphertext = AESGCM(key).encrypt(nonce, _with_policy(html).encode("utf-8"), AAD.encode("utf-8"))
    return {
        "kdf": "PBKDF2-SHA256",
        "iterations": iterations,
        "salt": _b64(salt),
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
        "aad": AAD,
        "ciphertext": _b64(ciphertext),
    }


def unseal(sealed: dict, passphrase: str) -> str:
    """The report's HTML back (for tests and for anyone checking a page without a browser)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = derive_key(passphrase, base64.b64decode(sealed["salt"]), sealed["iterations"])
    plain = AESGCM(key).decrypt(
        base64.b64decode(sealed["nonce"]), base64.b64decode(sealed["ciphertext"]), sealed["aad"].encode("utf-8")
    )
    return plain.decode("utf-8")


def sealed_data(page: str) -> dict:
    """The JSON block of a sealed page."""
    start = page.index('<script type="application/json" id="sealed">') + len(
        '<script type="application/json" id="sealed">'
    )
    return json.loads(page[start : page.index("</script>", start)])


def page(html: str, passphrase: str, *, salt: bytes, nonce: bytes, iterations: int = ITERATIONS) -> str:
    """The whole self-contained page: the lock screen, the sealed report, the script."""
    data = seal(html, passphrase, salt=salt, nonce=nonce, iterations=iterations)
    data |= {"opening": words.SEALED_OPENING, "wrong": words.SEALED_WRONG, "unsupported": words.SEALED_UNSUPPORTED}
    # JSON in a block that never runs; "<" escaped so no text can end the block early.
    block = json.dumps(data, ensure_ascii=True).replace("<", "\\u003c")
    csp = CSP.format(script=script_hash())
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(words.SEALED_TITLE)}</title><style>{STYLE}</style></head><body>"
        f"<main><h1>{esc(words.SEALED_TITLE)}</h1><p>{esc(words.SEALED_INTRO)}</p>"
        '<form id="unlock" action="#" autocomplete="off">'
        f'<label for="passphrase">{esc(words.SEALED_LABEL)}</label>'
        '<input id="passphrase" name="passphrase" type="password" autocomplete="off" autocapitalize="none" '
        'spellcheck="false" required autofocus>'
        f'<button type="submit">{esc(words.SEALED_BUTTON)}</button></form>'
        '<p id="status" role="status" aria-live="polite"></p>'
        f"<noscript><p><strong>{esc(words.SEALED_NO_SCRIPT)}</strong></p></noscript>"
        f'<p class="muted">{esc(words.SEALED_PRIVATE)}</p></main>'
        f'<script type="application/json" id="sealed">{block}</script>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )
