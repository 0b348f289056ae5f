"""Independent TBA client: oauthlib signs OAuth 1.0a HMAC-SHA256 headers, requests sends them.

Usage: oauthlib_tba.py BASE_URL REALM CONSUMER_KEY CONSUMER_SECRET TOKEN_ID TOKEN_SECRET
A JSON body is signed without the body (oauthlib would add oauth_body_hash for a non-form body);
an application/x-www-form-urlencoded body is signed with its parameters, as RFC 5849 3.4.1.3.1
says and oauthlib does. Prints one JSON line with the status and body of each call.
"""
import json
import sys

import requests
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, Client

base, realm, ck, cs, token, ts = sys.argv[1:7]


def client():
    return Client(
        ck,
        client_secret=cs,
        resource_owner_key=token,
        resource_owner_secret=ts,
        signature_method=SIGNATURE_HMAC_SHA256,
        realm=realm,
    )


out = {}
rest_url = base + "/services/rest/record/v1/customer/42?fields=email%2CcompanyName&q=a%20b%2Bc"
_, headers, _ = client().sign(rest_url, http_method="GET")
r = requests.get(rest_url, headers=headers, timeout=10)
out["rest"] = {"status": r.status_code, "body": r.json(), "reason": r.headers.get("x-mock-reason")}

restlet_url = base + "/app/site/hosting/restlet.nl?script=123&deploy=1&Zeta=z&alpha=a%20b"
_, headers, _ = client().sign(restlet_url, http_method="POST")
assert "oauth_body_hash" not in headers["Authorization"]
r = requests.post(restlet_url, headers=headers, json={"from": "oauthlib", "n": 1}, timeout=10)
out["restlet"] = {"status": r.status_code, "body": r.json(), "reason": r.headers.get("x-mock-reason")}
form_url = base + "/app/site/hosting/restlet.nl?script=123&deploy=1"
form_body = "name=caf%C3%A9+au+lait&n=2&n=1&realm=app"
form_headers = {"Content-Type": "application/x-www-form-urlencoded"}
_, headers, _ = client().sign(form_url, http_method="POST", body=form_body, headers=form_headers)
assert "oauth_body_hash" not in headers["Authorization"]
r = requests.post(form_url, headers=headers, data=form_body, timeout=10)
out["restletForm"] = {"status": r.status_code, "body": r.text, "reason": r.headers.get("x-mock-reason")}
print(json.dumps(out))
