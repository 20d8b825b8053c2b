"""morapi's strong signature (README "Strong signatures"), for Python 3 clients.

    headers = strong_signature_headers("secret3", "GET", "did_create",
                                       {"u": "user", "did": "37060000001", "provider_id": "2"})

Send `params` as the query (or form body) and `headers` with the request; `hash` may be sent too
(it is not signed). Each call makes a new nonce: a retry needs a new signature (and the same
Idempotency-Key, to get the first answer rather than a second operation).
"""
import hashlib
import hmac
import secrets
import time
from urllib.parse import quote


def canonical_string(http_method, api_method, timestamp, nonce, params):
    """The signed text: four lines, then NAME=VALUE per parameter (RFC 3986), sorted bytewise."""
    lines = sorted(
        quote(str(name), safe="~") + "=" + quote(str(value), safe="~")
        for name, value in params.items()
        if name != "hash"
    )
    return "\n".join([http_method, api_method, str(timestamp), nonce] + lines)


def strong_signature_headers(secret, http_method, api_method, params, timestamp=None, nonce=None):
    """X-Morapi-Timestamp, X-Morapi-Nonce and X-Morapi-Signature for one request."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    nonce = secrets.token_urlsafe(24) if nonce is None else nonce
    text = canonical_string(http_method, api_method, timestamp, nonce, params)
    signature = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    return {
        "X-Morapi-Timestamp": str(timestamp),
        "X-Morapi-Nonce": nonce,
        "X-Morapi-Signature": signature,
    }
