/** The quick reading of flat pushes gives exactly what the full parser gives, or leaves the push to it. */
import { parseFlatPush, parseFullPush, parsePush } from '../../server/src/wechat/callback/xml';

const PIECES = [
  '<xml>', '</xml>', '<ToUserName>', '</ToUserName>', '<Content>', '</Content>', '<MsgId>', '</MsgId>', '<A>', '</A>',
  '<![CDATA[', ']]>', 'text', '0012', ' ', '\n', '\r\n', '&amp;', '&lt;', '&#x41;', '<', '>', ']', '"', "'", '验证码', '\t',
  '<B/>', '<?xml version="1.0"?>', '<!-- c -->', '__proto__', '<__proto__>', '</__proto__>', 'x="1"', '<C a="1">', '</C>',
];

function randomDoc(random: () => number): string {
  let doc = random() < 0.9 ? '<xml>' : '';
  const n = Math.floor(random() * 12);
  for (let i = 0; i < n; i++) doc += PIECES[Math.floor(random() * PIECES.length)];
  return doc + (random() < 0.9 ? '</xml>' : '');
}

function wellFormedDoc(random: () => number): string {
  const names = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId', 'Event', 'EventKey', 'X_1'];
  const values = ['', ' ', 'a b', '  lead', 'trail  ', '0012', '1700000000', '验证码怎么获取', 'a]b', 'x>y', 'tab\there', 'line\nbreak', '&', '<', ']]'];
  let doc = '<xml>';
  const n = Math.floor(random() * 8);
  for (let i = 0; i < n; i++) {
    const name = names[Math.floor(random() * names.length)]!;
    const value = values[Math.floor(random() * values.length)]!;
    doc += random() < 0.5 ? `<${name}><![CDATA[${value}]]></${name}>` : `<${name}>${value}</${name}>`;
  }
  return `${doc}</xml>`;
}

function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

test('a push the quick reading takes gives the same fields as the full parser', () => {
  const random = seeded(42);
  let quick = 0;
  for (let i = 0; i < 20_000; i++) {
    const doc = i % 2 ? randomDoc(random) : wellFormedDoc(random);
    const fields = parseFlatPush(doc);
    if (fields === null) continue;
    quick++;
    expect({ doc, fields }).toEqual({ doc, fields: parseFullPush(doc) });
  }
  expect(quick).toBeGreaterThan(2000);
});

test('the usual pushes take the quick reading', () => {
  const push = '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_1]]></FromUserName>'
    + '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[验证码 0012]]></Content><MsgId>123</MsgId></xml>';
  expect(parseFlatPush(push)).toEqual({ ToUserName: 'gh_1', FromUserName: 'o_1', CreateTime: '1700000000', MsgType: 'text', Content: '验证码 0012', MsgId: '123' });
  expect(parsePush(push)).toEqual(parseFullPush(push));
  expect(parseFlatPush('<xml><Encrypt><![CDATA[abc=]]></Encrypt></xml>')).toEqual({ Encrypt: 'abc=' });
});

test('DOCTYPE is refused on either reading', () => {
  expect(() => parsePush('<xml><A><![CDATA[<!DOCTYPE x>]]></A></xml>')).toThrow('DOCTYPE');
});
