"""Signs one GET with strong_signature_headers() and prints the answer's body:

    python3 clients/python/call.py http://127.0.0.1:8080/billing/api/did_create secret3 \\
        u=user did=37060000001 provider_id=2

MORAPI_TS and MORAPI_NONCE, when set, replace the current time and a random nonce.
"""
import os
import sys
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode, urlparse

from morapi_signer import strong_signature_headers

url, secret = sys.argv[1], sys.argv[2]
params = dict(pair.split("=", 1) for pair in sys.argv[3:])
method = urlparse(url).path.rsplit("/", 1)[-1]
ts = os.environ.get("MORAPI_TS")
headers = strong_signature_headers(secret, "GET", method, params,
                                   int(ts) if ts else None, os.environ.get("MORAPI_NONCE"))
request = urllib.request.Request(url + "?" + urlencode(params, quote_via=quote), headers=headers)
try:
    with urllib.request.urlopen(request) as answer:
        sys.stdout.write(answer.read().decode())
except urllib.error.HTTPError as error:
    sys.stdout.write(error.read().decode())
