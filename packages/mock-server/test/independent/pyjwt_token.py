"""Independent M2M client: PyJWT makes the ES256 client assertion, requests POSTs it.

Usage: pyjwt_token.py BASE_URL CLIENT_ID CERTIFICATE_ID PRIVATE_KEY_PEM_FILE
Prints one JSON line: the token response and the status of a REST call made with the token.
"""
import json
import sys
import time
import uuid

import jwt
import requests

base, client_id, kid, key_file = sys.argv[1:5]
token_url = base + "/services/rest/auth/oauth2/v1/token"
with open(key_file) as f:
    private_key = f.read()
now = int(time.time())
assertion = jwt.encode(
    {"iss": client_id, "scope": ["rest_webservices", "restlets"], "aud": token_url, "iat": now, "exp": now + 300, "jti": str(uuid.uuid4())},
    private_key,
    algorithm="ES256",
    headers={"kid": kid},
)
token = requests.post(
    token_url,
    data={
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
    },
    timeout=10,
)
out = {"tokenStatus": token.status_code, "token": token.json()}
if token.status_code == 200:
    rest = requests.get(
        base + "/services/rest/record/v1/customer/7",
        headers={"Authorization": "Bearer " + token.json()["access_token"]},
        timeout=10,
    )
    out["restStatus"] = rest.status_code
print(json.dumps(out))
