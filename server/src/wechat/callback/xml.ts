/**
 * The XML of pushes and passive replies. fast-xml-parser with `parseTagValue: false` keeps every value a
 * string (a Content of 0012 stays "0012"); documents with a DOCTYPE are refused before parsing (no entities).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type PushFields = Record<string, string>;

export class BadXmlError extends Error {}

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  processEntities: true,
  htmlEntities: false,
  trimValues: false,
});

/** The flat fields under <xml>; nested elements (e.g. ScanCodeInfo) are kept as their JSON, never trusted. */
export function parsePush(xml: string): PushFields {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new BadXmlError('DOCTYPE not allowed');
  if (XMLValidator.validate(xml) !== true) throw new BadXmlError('malformed XML');
  const root = (parser.parse(xml) as { xml?: unknown }).xml;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new BadXmlError('no <xml> root');
  const fields: PushFields = {};
  for (const [name, value] of Object.entries(root)) {
    fields[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return fields;
}

function cdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** A passive text reply (被动回复文本消息); CreateTime in seconds, as WeChat expects. */
export function textReplyXml(to: string, from: string, content: string, nowMs = Date.now()): string {
  return `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>`
    + `<CreateTime>${Math.floor(nowMs / 1000)}</CreateTime><MsgType>${cdata('text')}</MsgType>`
    + `<Content>${cdata(content)}</Content></xml>`;
}

/** The safe-mode envelope around an encrypted reply. */
export function encryptedReplyXml(encrypt: string, signature: string, timestamp: string, nonce: string): string {
  return `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>`
    + `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`;
}
