/**
 * The house rules of issue 11 item 4, read off the server's imports and calls, so a change that wires a service
 * outside the composition root, sends a message past the courier or lets an applicant-side capability lean on the
 * staff site fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.join(__dirname, '../../server/src');

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const files = sources().map((file) => ({ name: path.relative(SRC, file).split(path.sep).join('/'), text: readFileSync(file, 'utf8') }));

/** The server-relative modules a file imports (values and types alike). */
function importsOf(file: { name: string; text: string }): string[] {
  return [...file.text.matchAll(/from '(\.[^']+)'/g)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file.name), m[1]!)));
}

const offenders = (inFolder: (name: string) => boolean, forbidden: (module: string) => boolean) =>
  files.filter((f) => inFolder(f.name)).flatMap((f) => importsOf(f).filter(forbidden).map((m) => `${f.name} → ${m}`));

test('the files exist where the rules look for them', () => {
  expect(files.map((f) => f.name)).toEqual(expect.arrayContaining([
    'composition.ts', 'app.ts', 'adapters/mail.ts', 'adapters/sms.ts', 'courier/courier.ts', 'recovery/strategy.ts', 'review/desk.ts',
  ]));
});

test('adapters import nothing from dev/ (the outbox is a transport of the courier)', () => {
  expect(offenders((n) => n.startsWith('adapters/'), (m) => m.startsWith('dev/'))).toEqual([]);
});

test('the applicant-side capabilities and the review desk import nothing from the staff site', () => {
  const applicantSide = ['verification/', 'contact-change/', 'support/', 'enrollment/', 'review/', 'audit/'];
  expect(offenders((n) => applicantSide.some((folder) => n.startsWith(folder)), (m) => m.startsWith('admin/'))).toEqual([]);
});

test('services, strategies, the desk and the courier are built only in the composition root', () => {
  const built = files.filter((f) => f.name !== 'composition.ts').flatMap((f) =>
    [...f.text.matchAll(/(?<!function )\bcreate(\w*(?:Service|Strategy|Desk|Courier|Notifier|Bindings|Otp))\(/g)].map((m) => `${f.name}: create${m[1]}`));
  expect(built).toEqual([]);
});

test('app.ts builds nothing: it only assembles middleware around the routers it is given', () => {
  const app = files.find((f) => f.name === 'app.ts')!;
  expect(importsOf(app).filter((m) => /service|composition|deps|stores\//.test(m))).toEqual([]);
});

test('SMS, mail and WeChat messages leave only through the courier', () => {
  const sends = files
    .filter((f) => !f.name.startsWith('courier/') && !f.name.startsWith('wechat/api/') && !f.name.startsWith('adapters/'))
    .flatMap((f) => [...f.text.matchAll(/\.(sendText|sendTemplate|sendMail)\(|\b(?:mail|sms)\.send\(/g)].map((m) => `${f.name}: ${m[0]}`));
  // The one exception: the conversation's own answers to pushes (a reply that missed WeChat's 5 s goes as a text).
  expect(sends).toEqual(['wechat/callback/routes.ts: .sendText(']);
});

test('nothing edits the configuration after it is loaded', () => {
  const edits = files.flatMap((f) => [...f.text.matchAll(/\bconfig(?:\.\w+)+\s*(?:\?\?=|\|\|=|=(?!=))/g)].map((m) => `${f.name}: ${m[0]}`));
  expect(edits).toEqual([]);
});

test('the staff pages and the desk look review kinds up in their registries instead of switching over them', () => {
  const switches = files
    .filter((f) => f.name === 'admin/views.ts' || f.name === 'review/desk.ts')
    .flatMap((f) => [...f.text.matchAll(/\.kind\s*[!=]==?\s*['"`]|['"`][\w-]+['"`]\s*[!=]==?\s*\w+(?:\?)?\.kind\b/g)].map((m) => `${f.name}: ${m[0]}`));
  expect(switches).toEqual([]);
});
