import { describe, expect, it } from "vitest"
import { classifySoapAnswer, describeSoapFault } from "../src/soap-answer.ts"

// Answers shaped as NetSuite sends them (the mock's own faults are covered by the doctor tests).
const envelope = (body: string) =>
  '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
const fault = (
  faultElement: string,
  code: string,
  message: string,
  faultcode = "soapenv:Server.userException"
) =>
  envelope(
    `<soapenv:Fault><faultcode>${faultcode}</faultcode><faultstring>${message}</faultstring><detail>` +
      `<platformFaults:${faultElement} xmlns:platformFaults="urn:faults_2025_2.platform.webservices.netsuite.com">` +
      `<platformFaults:code>${code}</platformFaults:code><platformFaults:message>${message}</platformFaults:message>` +
      `</platformFaults:${faultElement}><ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">partners007</ns1:hostname>` +
      "</detail></soapenv:Fault>"
  )
const xml = { "content-type": "text/xml; charset=utf-8" }

describe("classifySoapAnswer", () => {
  it("success: isSuccess=true, with the server time", () => {
    const body = envelope(
      '<getServerTimeResponse xmlns="urn:messages_2025_2.platform.webservices.netsuite.com"><platformCore:getServerTimeResult xmlns:platformCore="urn:core_2025_2.platform.webservices.netsuite.com">' +
        '<platformCore:status isSuccess="true"/><platformCore:serverTime>2025-08-17T10:06:14.000-07:00</platformCore:serverTime>' +
        "</platformCore:getServerTimeResult></getServerTimeResponse>"
    )
    expect(classifySoapAnswer({ status: 200, headers: xml, body }, [])).toEqual({
      kind: "success",
      serverTime: "2025-08-17T10:06:14.000-07:00"
    })
  })

  it("invalid login: invalidCredentialsFault / INVALID_LOGIN_ATTEMPT is a login fault", () => {
    const answer = classifySoapAnswer(
      {
        status: 500,
        headers: xml,
        body: fault("invalidCredentialsFault", "INVALID_LOGIN_ATTEMPT", "Invalid login attempt.")
      },
      []
    )
    expect(answer).toEqual({
      kind: "fault",
      category: "login",
      faultcode: "soapenv:Server.userException",
      faultstring: "Invalid login attempt.",
      faultType: "invalidCredentialsFault",
      code: "INVALID_LOGIN_ATTEMPT"
    })
    if (answer.kind !== "fault") throw new Error("unreachable")
    expect(describeSoapFault(answer)).toBe(
      '"Invalid login attempt." (soapenv:Server.userException, invalidCredentialsFault, INVALID_LOGIN_ATTEMPT)'
    )
  })

  it("concurrency: exceededConcurrentRequestLimitFault / WS_REQUEST_BLOCKED", () => {
    const body = fault(
      "exceededConcurrentRequestLimitFault",
      "WS_REQUEST_BLOCKED",
      "SuiteTalk concurrent request limit exceeded. Request blocked."
    )
    expect(classifySoapAnswer({ status: 500, headers: xml, body }, [])).toMatchObject({
      kind: "fault",
      category: "concurrency",
      code: "WS_REQUEST_BLOCKED"
    })
  })

  it("any other fault: its faultstring, unescaped, flattened and cut to 200 characters", () => {
    const long = `Bad &lt;thing&gt; &amp; more\n${"x".repeat(300)}`
    const answer = classifySoapAnswer(
      {
        status: 500,
        headers: xml,
        body: fault("unexpectedErrorFault", "UNEXPECTED_ERROR", long, "soapenv:Client")
      },
      []
    )
    expect(answer).toMatchObject({ kind: "fault", category: "other", faultType: "unexpectedErrorFault" })
    if (answer.kind !== "fault") throw new Error("unreachable")
    expect(answer.faultstring).toBe(`Bad <thing> & more ${"x".repeat(181)}…`)
  })

  it("hides echoed passport values (a proxy that quotes the request)", () => {
    const signature = "FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs="
    const body = fault(
      "unexpectedErrorFault",
      "X",
      `cannot parse signature ${signature} nonce abcdefNonce123`
    )
    const answer = classifySoapAnswer({ status: 500, headers: xml, body }, [signature, "abcdefNonce123"])
    expect(answer).toMatchObject({ faultstring: "cannot parse signature … nonce …" })
  })

  it("not SOAP, or isSuccess=false: unexpected, with the status and what it was", () => {
    expect(
      classifySoapAnswer(
        { status: 404, headers: { "content-type": "text/html" }, body: "<html>no</html>" },
        []
      )
    ).toEqual({ kind: "unexpected", description: "HTTP 404 text/html, not a SOAP getServerTime answer" })
    const notOk = envelope(
      '<x:status isSuccess="false"><x:statusDetail><x:code>SOME_CODE</x:code><x:message>Nope.</x:message></x:statusDetail></x:status>'
    )
    expect(classifySoapAnswer({ status: 200, headers: xml, body: notOk }, [])).toEqual({
      kind: "unexpected",
      description: 'HTTP 200 with isSuccess="false" (SOME_CODE: Nope.)'
    })
  })

  it("reads the answer as XML: single-quoted attributes, default namespaces, CDATA, numeric references", () => {
    const body = envelope(
      "<getServerTimeResponse xmlns='urn:messages_2025_2.platform.webservices.netsuite.com'>" +
        "<getServerTimeResult xmlns='urn:core_2025_2.platform.webservices.netsuite.com'>" +
        "<status isSuccess = 'true' /><serverTime><![CDATA[2025-08-17T10:06:14.000-07:00]]></serverTime>" +
        "</getServerTimeResult></getServerTimeResponse>"
    )
    expect(classifySoapAnswer({ status: 200, headers: xml, body }, [])).toEqual({
      kind: "success",
      serverTime: "2025-08-17T10:06:14.000-07:00"
    })
    const accented = fault("unexpectedErrorFault", "X", "Caf&#xE9; &#233;t&#233; &quot;x&quot;")
    expect(classifySoapAnswer({ status: 500, headers: xml, body: accented }, [])).toMatchObject({
      faultstring: 'Café été "x"'
    })
  })

  it("a comment or CDATA that mentions a Fault is not a fault", () => {
    const body = envelope(
      "<!-- <soapenv:Fault><faultstring>Invalid login attempt.</faultstring></soapenv:Fault> -->" +
        '<r xmlns:p="urn:core_2025_2.platform.webservices.netsuite.com"><p:status isSuccess="true"/>' +
        "<p:serverTime><![CDATA[<faultstring>no</faultstring>]]></p:serverTime></r>"
    )
    expect(classifySoapAnswer({ status: 200, headers: xml, body }, [])).toEqual({
      kind: "success",
      serverTime: "<faultstring>no</faultstring>"
    })
  })

  it("a DOCTYPE (entity expansion, external entities) or malformed XML is not a SOAP answer", () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' +
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>' +
      "<faultstring>&lol2;</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    expect(classifySoapAnswer({ status: 500, headers: xml, body: laughs }, [])).toEqual({
      kind: "unexpected",
      description: "HTTP 500 text/xml, not a SOAP getServerTime answer"
    })
    const broken = envelope('<p:status isSuccess="true">').replace("</soapenv:Body>", "")
    expect(classifySoapAnswer({ status: 200, headers: xml, body: broken }, [])).toMatchObject({
      kind: "unexpected"
    })
  })
})
