import { parseWsdlVersion } from "@netsuite-auth/core"
/**
 * NetSuite's namespaces for a WSDL version such as `2025_2`.
 *
 * @example
 * ```ts
 * import { soapNamespaces } from "@netsuite-auth/mock-server"
 * soapNamespaces("2025_2").core // "urn:core_2025_2.platform.webservices.netsuite.com"
 * ```
 */
export const soapNamespaces = (version: string) => ({
  platform: `urn:platform_${version}.webservices.netsuite.com`,
  messages: `urn:messages_${version}.platform.webservices.netsuite.com`,
  core: `urn:core_${version}.platform.webservices.netsuite.com`,
  faults: `urn:faults_${version}.platform.webservices.netsuite.com`,
  relationships: `urn:relationships_${version}.lists.webservices.netsuite.com`
})

/**
 * The SOAP endpoint versions the mock serves: the ones NetSuite published, as core checks them
 * (`parseWsdlVersion`, the one list), so `NetSuitePort_2026_1` is a 404 here as on NetSuite.
 */
export const SOAP_VERSION = {
  test: (version: string): boolean => {
    try {
      return parseWsdlVersion(version) === version
    } catch {
      return false
    }
  }
} as const

/**
 * The mock's own small WSDL for one version: NetSuite's namespaces, element names and binding
 * style (document/literal, `soapAction` = operation name, `tokenPassport` header), covering only
 * `getServerTime` and `get`. Written for the mock; it is not NetSuite's file.
 *
 * @example
 * ```ts
 * import { mockWsdl } from "@netsuite-auth/mock-server"
 * const xml = mockWsdl("2025_2", "http://127.0.0.1:8080/services/NetSuitePort_2025_2")
 * ```
 */
export const mockWsdl = (version: string, endpoint: string): string => {
  const ns = soapNamespaces(version)
  const operation = (name: string) => `
    <operation name="${name}">
      <soap:operation soapAction="${name}"/>
      <input name="${name}Request">
        <soap:header message="tns:headers" part="tokenPassport" use="literal"/>
        <soap:body use="literal"/>
      </input>
      <output name="${name}Response">
        <soap:header message="tns:headers" part="documentInfo" use="literal"/>
        <soap:body use="literal"/>
      </output>
      <fault name="InvalidCredentialsFault"><soap:fault name="InvalidCredentialsFault" use="literal"/></fault>
      <fault name="ExceededConcurrentRequestLimitFault"><soap:fault name="ExceededConcurrentRequestLimitFault" use="literal"/></fault>
    </operation>`
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${ns.platform}"
    xmlns:platformMsgs="${ns.messages}" xmlns:platformCore="${ns.core}"
    xmlns:platformFaults="${ns.faults}" xmlns:listRel="${ns.relationships}"
    targetNamespace="${ns.platform}">
  <types>
    <xsd:schema targetNamespace="${ns.core}" elementFormDefault="qualified" attributeFormDefault="unqualified">
      <xsd:complexType name="TokenPassportSignature">
        <xsd:simpleContent>
          <xsd:extension base="xsd:string">
            <xsd:attribute name="algorithm" type="xsd:string" use="required"/>
          </xsd:extension>
        </xsd:simpleContent>
      </xsd:complexType>
      <xsd:complexType name="TokenPassport">
        <xsd:sequence>
          <xsd:element name="account" type="xsd:string"/>
          <xsd:element name="consumerKey" type="xsd:string"/>
          <xsd:element name="token" type="xsd:string"/>
          <xsd:element name="nonce" type="xsd:string"/>
          <xsd:element name="timestamp" type="xsd:long"/>
          <xsd:element name="signature" type="platformCore:TokenPassportSignature"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="StatusDetail">
        <xsd:sequence>
          <xsd:element name="code" type="xsd:string" minOccurs="0"/>
          <xsd:element name="message" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
        <xsd:attribute name="type" type="xsd:string"/>
      </xsd:complexType>
      <xsd:complexType name="Status">
        <xsd:sequence>
          <xsd:element name="statusDetail" type="platformCore:StatusDetail" minOccurs="0" maxOccurs="unbounded"/>
        </xsd:sequence>
        <xsd:attribute name="isSuccess" type="xsd:boolean"/>
      </xsd:complexType>
      <xsd:element name="status" type="platformCore:Status"/>
      <xsd:complexType name="BaseRef" abstract="true">
        <xsd:sequence>
          <xsd:element name="name" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="RecordRef">
        <xsd:complexContent>
          <xsd:extension base="platformCore:BaseRef">
            <xsd:attribute name="internalId" type="xsd:string"/>
            <xsd:attribute name="externalId" type="xsd:string"/>
            <xsd:attribute name="type" type="xsd:string"/>
          </xsd:extension>
        </xsd:complexContent>
      </xsd:complexType>
      <xsd:complexType name="Record" abstract="true">
        <xsd:sequence/>
      </xsd:complexType>
      <xsd:complexType name="GetServerTimeResult">
        <xsd:sequence>
          <xsd:element ref="platformCore:status"/>
          <xsd:element name="serverTime" type="xsd:dateTime"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="getServerTimeResult" type="platformCore:GetServerTimeResult"/>
    </xsd:schema>
    <xsd:schema targetNamespace="${ns.relationships}" elementFormDefault="qualified">
      <xsd:import namespace="${ns.core}"/>
      <xsd:complexType name="Customer">
        <xsd:complexContent>
          <xsd:extension base="platformCore:Record">
            <xsd:sequence>
              <xsd:element name="entityId" type="xsd:string" minOccurs="0"/>
              <xsd:element name="companyName" type="xsd:string" minOccurs="0"/>
              <xsd:element name="email" type="xsd:string" minOccurs="0"/>
            </xsd:sequence>
            <xsd:attribute name="internalId" type="xsd:string"/>
            <xsd:attribute name="externalId" type="xsd:string"/>
          </xsd:extension>
        </xsd:complexContent>
      </xsd:complexType>
    </xsd:schema>
    <xsd:schema targetNamespace="${ns.faults}" elementFormDefault="qualified">
      <xsd:complexType name="NetSuiteFault">
        <xsd:sequence>
          <xsd:element name="code" type="xsd:string"/>
          <xsd:element name="message" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="invalidCredentialsFault" type="platformFaults:NetSuiteFault"/>
      <xsd:element name="exceededConcurrentRequestLimitFault" type="platformFaults:NetSuiteFault"/>
    </xsd:schema>
    <xsd:schema targetNamespace="${ns.messages}" elementFormDefault="qualified">
      <xsd:import namespace="${ns.core}"/>
      <xsd:element name="tokenPassport" type="platformCore:TokenPassport"/>
      <xsd:complexType name="DocumentInfo">
        <xsd:sequence>
          <xsd:element name="nsId" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="documentInfo" type="platformMsgs:DocumentInfo"/>
      <xsd:complexType name="GetServerTimeRequest"/>
      <xsd:element name="getServerTime" type="platformMsgs:GetServerTimeRequest"/>
      <xsd:complexType name="GetServerTimeResponse">
        <xsd:sequence>
          <xsd:element ref="platformCore:getServerTimeResult"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="getServerTimeResponse" type="platformMsgs:GetServerTimeResponse"/>
      <xsd:complexType name="GetRequest">
        <xsd:sequence>
          <xsd:element name="baseRef" type="platformCore:BaseRef"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="get" type="platformMsgs:GetRequest"/>
      <xsd:complexType name="ReadResponse">
        <xsd:sequence>
          <xsd:element ref="platformCore:status"/>
          <xsd:element name="record" type="platformCore:Record" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="readResponse" type="platformMsgs:ReadResponse"/>
      <xsd:complexType name="GetResponse">
        <xsd:sequence>
          <xsd:element ref="platformMsgs:readResponse"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="getResponse" type="platformMsgs:GetResponse"/>
    </xsd:schema>
  </types>
  <message name="headers">
    <part name="tokenPassport" element="platformMsgs:tokenPassport"/>
    <part name="documentInfo" element="platformMsgs:documentInfo"/>
  </message>
  <message name="getServerTimeRequest"><part name="parameters" element="platformMsgs:getServerTime"/></message>
  <message name="getServerTimeResponse"><part name="parameters" element="platformMsgs:getServerTimeResponse"/></message>
  <message name="getRequest"><part name="parameters" element="platformMsgs:get"/></message>
  <message name="getResponse"><part name="parameters" element="platformMsgs:getResponse"/></message>
  <message name="InvalidCredentialsFault"><part name="invalidCredentialsFault" element="platformFaults:invalidCredentialsFault"/></message>
  <message name="ExceededConcurrentRequestLimitFault"><part name="exceededConcurrentRequestLimitFault" element="platformFaults:exceededConcurrentRequestLimitFault"/></message>
  <portType name="NetSuitePortType">
    <operation name="getServerTime">
      <input name="getServerTimeRequest" message="tns:getServerTimeRequest"/>
      <output name="getServerTimeResponse" message="tns:getServerTimeResponse"/>
      <fault name="InvalidCredentialsFault" message="tns:InvalidCredentialsFault"/>
      <fault name="ExceededConcurrentRequestLimitFault" message="tns:ExceededConcurrentRequestLimitFault"/>
    </operation>
    <operation name="get">
      <input name="getRequest" message="tns:getRequest"/>
      <output name="getResponse" message="tns:getResponse"/>
      <fault name="InvalidCredentialsFault" message="tns:InvalidCredentialsFault"/>
      <fault name="ExceededConcurrentRequestLimitFault" message="tns:ExceededConcurrentRequestLimitFault"/>
    </operation>
  </portType>
  <binding name="NetSuiteBinding" type="tns:NetSuitePortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${operation("getServerTime")}${operation("get")}
  </binding>
  <service name="NetSuiteService">
    <port name="NetSuitePort" binding="tns:NetSuiteBinding">
      <soap:address location="${endpoint}"/>
    </port>
  </service>
</definitions>
`
}
