"""Independent SOAP client: zeep loads NetSuite's REAL WSDL, the service address is overridden to
the mock, and the tokenPassport header is built from the WSDL's own types with an HMAC-SHA256
signature computed here with Python's hmac.

Usage: zeep_soap.py WSDL ENDPOINT VERSION ACCOUNT CONSUMER_KEY CONSUMER_SECRET TOKEN_ID TOKEN_SECRET
(WSDL is a file or URL: the real 2023_2 WSDL, or the mock's own.) Calls getServerTime and get
(customer 42), each with a fresh passport, and prints one JSON line with what came back.
"""
import base64
import hashlib
import hmac
import json
import secrets
import sys
import time
from urllib.parse import quote

import zeep

wsdl, endpoint, version, account, ck, cs, token, ts = sys.argv[1:9]
core = "urn:core_%s.platform.webservices.netsuite.com" % version
messages = "urn:messages_%s.platform.webservices.netsuite.com" % version


def enc(value):
    return quote(value, safe="-._~")


client = zeep.Client(wsdl)
service = client.create_service("{urn:platform_%s.webservices.netsuite.com}NetSuiteBinding" % version, endpoint)

Signature = client.get_type("{%s}TokenPassportSignature" % core)


def passport():
    """A single-use passport: new nonce and timestamp for every call."""
    nonce = secrets.token_hex(10)
    timestamp = str(int(time.time()))
    base_string = "&".join(enc(v) for v in (account, ck, token, nonce, timestamp))
    key = (enc(cs) + "&" + enc(ts)).encode()
    signature = base64.b64encode(hmac.new(key, base_string.encode(), hashlib.sha256).digest()).decode()
    return client.get_element("{%s}tokenPassport" % messages)(
        account=account,
        consumerKey=ck,
        token=token,
        nonce=nonce,
        timestamp=int(timestamp),
        signature=Signature(signature, algorithm="HMAC-SHA256"),
    )


time_result = service.getServerTime(_soapheaders=[passport()]).body.getServerTimeResult
RecordRef = client.get_type("{%s}RecordRef" % core)
read = service.get(baseRef=RecordRef(internalId="42", type="customer"), _soapheaders=[passport()]).body.readResponse
print(
    json.dumps(
        {
            "isSuccess": bool(time_result.status.isSuccess),
            "serverTime": time_result.serverTime.isoformat(),
            "getIsSuccess": bool(read.status.isSuccess),
            "customer": {"internalId": read.record.internalId, "companyName": read.record.companyName},
        }
    )
)
