/**
 * The staff review site under /admin: server-rendered pages, cookie sessions with a CSRF token in every form,
 * strict security headers, and photos served only to a logged-in staff member.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { maskIdNumber } from '../../../shared/src/id-documents';
import type { CaptchaService } from '../captcha/service';
import { idNumberField, idTypeField, nameField } from '../../../shared/src/schemas/fields';
import { ID_NUMBER_FIELD, type AccountDirectory } from '../accounts/lookup';
import { createRouter } from '../http/context';
import { AppError } from '../http/errors';
import type { Pii } from '../stores/pii';
import { CASE_KINDS, type CaseKind } from '../stores/review-cases';
import { STAFF_ROLES } from '../stores/staff';
import type { AuditLog } from '../audit/log';
import type { Desk } from '../review/desk';
import { STAFF_SESSION_IDLE_SECONDS } from './rules';
import { sameSecret, type StaffSession, type StaffSessions } from './sessions';
import { actorOf, type StaffActor, type StaffService } from './staff';
import { ADMIN_CSS, staffPages } from './views';

const SESSION_COOKIE = 'jszg_staff';
const LOGIN_COOKIE = 'jszg_staff_login';
const FORM_LIMIT_BYTES = 16 * 1024;
/** Usernames are at most 32 characters (staff.ts USERNAME_PATTERN); anything typed beyond is not kept. */
const AUDITED_USERNAME_CHARS = 32;

const CSP = "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

type StaffContext = Context & { staffActor?: StaffActor; staffSession?: StaffSession; staffToken?: string };

export type AdminDeps = {
  captcha: CaptchaService;
  desk: Desk;
  staffService: StaffService;
  staffSessions: StaffSessions;
  audit: AuditLog;
  directory: AccountDirectory;
  pii: Pii;
  production: boolean;
};

function setCookie(ctx: Context, name: string, value: string, maxAgeSeconds: number, production: boolean) {
  const parts = [`${name}=${value}`, 'Path=/admin', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
  if (production) parts.push('Secure');
  ctx.append('Set-Cookie', parts.join('; '));
}

/** The urlencoded body of a staff form, read with a size limit (the API's JSON parser leaves it unread). */
async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) throw new AppError('VALIDATION_FAILED', '请通过页面表单提交');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > FORM_LIMIT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', '提交的内容过大');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const text = (form: URLSearchParams, name: string, max = 2000) => (form.get(name) ?? '').trim().slice(0, max);

/** A typed username as the audit log keeps it: no longer than a real one, without control or format characters. */
function auditableUsername(typed: string): string {
  return typed.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').slice(0, AUDITED_USERNAME_CHARS);
}

function isKind(value: string | undefined): value is CaseKind {
  return (CASE_KINDS as readonly string[]).includes(value ?? '');
}

/** A page cursor from the query string (a positive entry number), or undefined. */
function cursor(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : 0;
  return n > 0 ? n : undefined;
}

export function adminRoutes(deps: AdminDeps) {
  const router = createRouter('/admin');
  const views = staffPages(deps.desk.kinds);
  const html = (ctx: Context, body: string, status = 200) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = body;
  };

  // Headers for every staff page, and errors shown as pages rather than JSON.
  router.use(async (ctx: StaffContext, next: Next) => {
    ctx.set('Content-Security-Policy', CSP);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (deps.production) ctx.set('Strict-Transport-Security', 'max-age=31536000');
    try {
      await next();
    } catch (error) {
      if (!(error instanceof AppError) || ctx.path.includes('/photos/')) throw error;
      html(ctx, views.errorPage(ctx.staffActor ?? null, ctx.staffSession?.csrf, error.status, error.message, ctx.get('referer') ? undefined : '/admin'), error.status);
    }
  });

  router.get('/assets/admin.css', (ctx) => {
    ctx.type = 'text/css';
    ctx.set('Cache-Control', 'max-age=3600');
    ctx.body = ADMIN_CSS;
  });

  /** The login page with a fresh text captcha (the staff site is server-rendered: no slider, no scripts). */
  async function loginPage(ctx: Context, csrf: string, error?: AppError) {
    const captcha = await deps.captcha.create(ctx.state.clientAddress, 'text');
    html(ctx, views.loginPage(csrf, { id: captcha.id, question: captcha.question ?? '' }, error?.message), error?.status ?? 200);
  }

  router.get('/login', async (ctx) => {
    const csrf = randomBytes(24).toString('base64url');
    setCookie(ctx, LOGIN_COOKIE, csrf, 30 * 60, deps.production);
    await loginPage(ctx, csrf);
  });

  router.post('/login', async (ctx) => {
    const form = await readForm(ctx);
    const cookie = ctx.cookies.get(LOGIN_COOKIE) ?? '';
    if (!sameSecret(cookie, text(form, 'csrf', 100))) throw new AppError('FORBIDDEN', '页面已过期，请刷新后重新登录');
    const username = text(form, 'username', 64);
    try {
      // The captcha first: a wrong answer costs no password check and counts against nobody's lockout.
      await deps.captcha.check(text(form, 'captchaId', 100), { answer: text(form, 'captchaAnswer', 20) });
      const staff = await deps.staffService.authenticate(username, form.get('password') ?? '', ctx.state.clientAddress);
      const { token } = await deps.staffSessions.start(staff._id.toString());
      setCookie(ctx, SESSION_COOKIE, token, STAFF_SESSION_IDLE_SECONDS * 20, deps.production);
      setCookie(ctx, LOGIN_COOKIE, '', 0, deps.production);
      await deps.audit.record({ actor: { type: 'staff', id: staff._id.toString(), name: staff.displayName }, action: 'staff.login', summary: `${staff.displayName}登录` });
      ctx.redirect('/admin/queues/manual-review');
    } catch (error) {
      if (!(error instanceof AppError) || !['LOGIN_FAILED', 'LOGIN_LOCKED', 'CAPTCHA_FAILED'].includes(error.code)) throw error;
      if (error.code !== 'CAPTCHA_FAILED' && await deps.staffService.auditsFailure(ctx.state.clientAddress)) {
        const typed = auditableUsername(username);
        await deps.audit.record({ actor: { type: 'system', id: null, name: null }, action: 'staff.login-failed', summary: `工作人员登录失败（用户名：${typed}）`, detail: { username: typed, locked: error.code === 'LOGIN_LOCKED' } });
      }
      await loginPage(ctx, cookie, error);
    }
  });

  // Everything below needs a live staff session, and every POST its CSRF token.
  router.use(async (ctx: StaffContext, next: Next) => {
    if (ctx.path === '/admin/login' || ctx.path === '/admin/assets/admin.css') return next();
    const token = ctx.cookies.get(SESSION_COOKIE);
    const session = token ? await deps.staffSessions.check(token) : null;
    const staff = session ? await deps.staffService.find(session.staffId) : null;
    if (!token || !session || !staff?.active) {
      if (ctx.method === 'GET' && !ctx.path.includes('/photos/')) return ctx.redirect('/admin/login');
      throw new AppError('UNAUTHENTICATED', '请先登录');
    }
    ctx.staffActor = actorOf(staff);
    ctx.staffSession = session;
    ctx.staffToken = token;
    return next();
  });

  const who = (ctx: Context) => {
    const c = ctx as StaffContext;
    if (!c.staffActor || !c.staffSession) throw new AppError('UNAUTHENTICATED', '请先登录');
    return { staff: c.staffActor, csrf: c.staffSession.csrf, token: c.staffToken ?? '' };
  };

  /** A posted staff form, after its CSRF token was checked against the session's. */
  async function postedForm(ctx: Context): Promise<URLSearchParams> {
    const form = await readForm(ctx);
    if (!sameSecret(text(form, 'csrf', 100), who(ctx).csrf)) throw new AppError('FORBIDDEN', '页面已过期，请刷新后重试');
    return form;
  }

  function requireAdmin(ctx: Context) {
    if (who(ctx).staff.role !== 'admin') throw new AppError('FORBIDDEN', '只有管理员可以管理工作人员');
  }

  router.post('/logout', async (ctx) => {
    await postedForm(ctx);
    const { staff, token } = who(ctx);
    await deps.staffSessions.end(token);
    setCookie(ctx, SESSION_COOKIE, '', 0, deps.production);
    await deps.audit.record({ actor: { type: 'staff', id: staff.id, name: staff.name }, action: 'staff.logout', summary: `${staff.name}退出登录` });
    ctx.redirect('/admin/login');
  });

  router.get('/', (ctx) => ctx.redirect('/admin/queues/manual-review'));

  router.get('/queues/:kind', async (ctx) => {
    const kind = ctx.params.kind;
    if (!isKind(kind)) throw new AppError('NOT_FOUND', '队列不存在');
    const { staff, csrf } = who(ctx);
    const [page, counts] = await Promise.all([deps.desk.queue(kind, cursor(ctx.query.after)), deps.desk.counts()]);
    html(ctx, views.queuePage(staff, csrf, kind, page, counts));
  });

  router.get('/decided/:kind', async (ctx) => {
    const kind = ctx.params.kind;
    if (!isKind(kind)) throw new AppError('NOT_FOUND', '列表不存在');
    const { staff, csrf } = who(ctx);
    html(ctx, views.decidedPage(staff, csrf, kind, await deps.desk.decided(kind, cursor(ctx.query.before))));
  });

  router.get('/cases/:ref', async (ctx) => {
    const { staff, csrf } = who(ctx);
    const opened = await deps.desk.open(ctx.params.ref ?? '', staff);
    const notice = { decided: '已提交审核结论', corrected: '已更正账号信息', unchanged: '账号信息没有变化' }[String(ctx.query.notice ?? '')];
    html(ctx, views.detailPage(staff, csrf, opened, notice));
  });

  router.get('/cases/:ref/photos/:role', async (ctx) => {
    const { staff } = who(ctx);
    ctx.type = 'image/jpeg';
    ctx.set('Content-Disposition', 'inline');
    ctx.body = await deps.desk.photo(ctx.params.ref ?? '', ctx.params.role ?? '', staff);
  });

  router.post('/cases/:ref/decision', async (ctx) => {
    const form = await postedForm(ctx);
    const outcome = form.get('outcome');
    if (outcome !== 'approved' && outcome !== 'rejected') throw new AppError('VALIDATION_FAILED', '请选择审核结论');
    const ref = ctx.params.ref ?? '';
    await deps.desk.decide(ref, who(ctx).staff, {
      outcome, reason: text(form, 'reason', 200) || null, reply: text(form, 'reply') || null,
    });
    ctx.redirect(`/admin/cases/${encodeURIComponent(ref)}?notice=decided`);
  });

  router.post('/cases/:ref/corrections', async (ctx) => {
    const form = await postedForm(ctx);
    const parsed = z.object({
      name: nameField.optional(),
      gender: z.enum(['male', 'female'], { message: '请选择性别' }).optional(),
    }).safeParse({ name: text(form, 'name', 200) || undefined, gender: text(form, 'gender', 10) || undefined });
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? '填写的信息有误');
    const ref = ctx.params.ref ?? '';
    const changes = await deps.desk.correct(ref, who(ctx).staff, parsed.data);
    ctx.redirect(`/admin/cases/${encodeURIComponent(ref)}?notice=${changes.length ? 'corrected' : 'unchanged'}`);
  });

  router.get('/audit', async (ctx) => {
    const { staff, csrf } = who(ctx);
    const idNumber = typeof ctx.query.idNumber === 'string' ? ctx.query.idNumber : '';
    const idType = typeof ctx.query.idType === 'string' ? ctx.query.idType : '';
    const before = cursor(ctx.query.before);
    if (!idNumber) {
      html(ctx, views.auditPage(staff, csrf, { idType }, null, await deps.audit.recent(undefined, before)));
      return;
    }
    const query = z.object({ idType: idTypeField, idNumber: idNumberField }).safeParse({ idType, idNumber });
    const account = query.success ? await deps.directory.byIdNumber(query.data.idNumber) : null;
    if (!query.success || !account || account.idType !== query.data.idType) {
      html(ctx, views.auditPage(staff, csrf, { idType }, null, null, '未找到该账号'));
      return;
    }
    await deps.audit.record({
      actor: { type: 'staff', id: staff.id, name: staff.name }, action: 'audit.searched', accountId: account._id,
      summary: `${staff.name}查询了该账号的审计日志`,
    });
    const subject = { name: account.name, idNumber: maskIdNumber(deps.pii.decrypt(ID_NUMBER_FIELD, account.idCipher)) };
    html(ctx, views.auditPage(staff, csrf, { idType, idNumber }, subject, await deps.audit.ofAccount(String(account._id), undefined, before)));
  });

  router.get('/staff', async (ctx) => {
    requireAdmin(ctx);
    const { staff, csrf } = who(ctx);
    html(ctx, views.staffPage(staff, csrf, await deps.staffService.list(), ctx.query.notice === 'created' ? '已新增工作人员' : undefined));
  });

  router.post('/staff', async (ctx) => {
    requireAdmin(ctx);
    const form = await postedForm(ctx);
    const { staff, csrf } = who(ctx);
    const role = text(form, 'role', 20);
    try {
      if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new AppError('VALIDATION_FAILED', '请选择角色');
      const created = await deps.staffService.create({
        username: text(form, 'username', 64), displayName: text(form, 'displayName', 100),
        role: role as (typeof STAFF_ROLES)[number], password: form.get('password') ?? '',
      });
      await deps.audit.record({
        actor: { type: 'staff', id: staff.id, name: staff.name }, action: 'staff.created',
        summary: `${staff.name}新增工作人员${created.displayName}（${created.username}，${created.role}）`,
      });
      ctx.redirect('/admin/staff?notice=created');
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      html(ctx, views.staffPage(staff, csrf, await deps.staffService.list(), undefined, error.message), 400);
    }
  });

  router.post('/staff/:id/active', async (ctx) => {
    requireAdmin(ctx);
    const form = await postedForm(ctx);
    const { staff } = who(ctx);
    const target = await deps.staffService.find(ctx.params.id ?? '').catch(() => null);
    if (!target || target._id.toString() === staff.id) throw new AppError('NOT_FOUND', '工作人员不存在');
    const active = form.get('active') === '1';
    await deps.staffService.setActive(target._id.toString(), active);
    await deps.audit.record({
      actor: { type: 'staff', id: staff.id, name: staff.name }, action: active ? 'staff.activated' : 'staff.deactivated',
      summary: `${staff.name}${active ? '启用' : '停用'}了工作人员${target.displayName}`,
    });
    ctx.redirect('/admin/staff');
  });

  return router;
}
