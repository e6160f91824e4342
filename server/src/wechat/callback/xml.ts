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

const NAME = /[A-Za-z_][A-Za-z0-9_]*>/y;
const CDATA_OPEN = '<![CDATA[';
/** Plain element text the quick reading takes as is: no markup, no entities, no carriage returns, not blank. */
const PLAIN_TEXT = /^[^<&\]\r]*[^<&\]\r\s][^<&\]\r]*$/;

/**
 * The quick reading of the usual push: `<xml>` holding only distinct flat elements, each either one CDATA section
 * or plain text, nothing between them. Anything else returns null and goes to the full parser, which gives the
 * same fields for what this reads (test/wechat/xml.test.ts compares them).
 */
export function parseFlatPush(xml: string): PushFields | null {
  if (!xml.startsWith('<xml>') || !xml.endsWith('</xml>')) return null;
  const end = xml.length - '</xml>'.length;
  const fields: PushFields = {};
  let pos = '<xml>'.length;
  if (pos >= end) return null;
  while (pos < end) {
    if (xml.charCodeAt(pos) !== 60 /* < */) return null;
    NAME.lastIndex = pos + 1;
    if (!NAME.test(xml)) return null;
    const name = xml.slice(pos + 1, NAME.lastIndex - 1);
    if (name in fields || name in Object.prototype || name === 'xml') return null;
    pos = NAME.lastIndex;
    const close = `</${name}>`;
    let value: string;
    if (xml.startsWith(CDATA_OPEN, pos)) {
      const stop = xml.indexOf(']]>', pos + CDATA_OPEN.length);
      if (stop === -1) return null;
      value = xml.slice(pos + CDATA_OPEN.length, stop);
      if (value.includes('\r')) return null;
      pos = stop + 3;
    } else {
      const stop = xml.indexOf('<', pos);
      if (stop === -1) return null;
      value = xml.slice(pos, stop);
      if (value !== '' && !PLAIN_TEXT.test(value)) return null;
      pos = stop;
    }
    if (!xml.startsWith(close, pos)) return null;
    pos += close.length;
    fields[name] = value;
  }
  return pos === end ? fields : null;
}

/** The flat fields under <xml>; nested elements (e.g. ScanCodeInfo) are kept as their JSON, never trusted. */
export function parsePush(xml: string): PushFields {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new BadXmlError('DOCTYPE not allowed');
  return parseFlatPush(xml) ?? parseFullPush(xml);
}

/** fast-xml-parser, for every push the quick reading leaves. */
export function parseFullPush(xml: string): PushFields {
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
