/**
 * The staff site's pages, rendered on the server as plain HTML (no script): every value escaped, every form
 * carrying the session's CSRF token. ID numbers appear in full only on the detail page of an opened item.
 */
import { ID_TYPE_LABELS, type IdType } from '../../../shared/src/id-documents';
import { shanghaiDate } from '../../../shared/src/dates';
import type { AuditPage } from '../audit/log';
import type { AuditRecord } from '../stores/audit-log';
import type { CaseKind, CaseRecord } from '../stores/review-cases';
import type { Desk } from '../review/desk';
import type { KindRegistry } from '../review/kinds';
import { caseViewOf, type Opened } from './case-views';
import { esc } from './html';
import { COMMON_REJECTION_REASONS } from './rules';
import type { StaffActor } from './staff';

/** Date and time in Asia/Shanghai, as staff read them. */
export function shanghaiTime(at: Date | string | null | undefined): string {
  if (!at) return '';
  const d = new Date(new Date(at).getTime() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

const STATUS_LABELS = { pending: '待审核', approved: '审核通过', rejected: '审核不通过' } as const;
const VERIFICATION_LABELS: Record<string, string> = {
  unverified: '未核验', verified: '已通过实名核验', failed: '实名核验未通过', 'manual-pending': '人工审核中',
  'manual-approved': '人工审核通过', 'manual-rejected': '人工审核不通过',
};
const ROLE_LABELS = { reviewer: '审核员', admin: '管理员' } as const;
const PHOTO_LABELS: Record<string, string> = { idFront: '身份证件A面照片', idBack: '身份证件B面照片', handheld: '本人手持身份证件照片', photo: '本人手持身份证件照片' };

type Page = { title: string; staff?: StaffActor | null; csrf?: string; body: string; active?: string };

function layout(kinds: KindRegistry, page: Page): string {
  const nav = page.staff
    ? `<nav><span class="brand">中国教师资格网 · 审核系统</span>
${kinds.all.map(({ kind, label }) => `<a href="/admin/queues/${kind}"${page.active === kind ? ' class="on"' : ''}>${label}</a>`).join('')}
<a href="/admin/audit"${page.active === 'audit' ? ' class="on"' : ''}>审计日志</a>
${page.staff.role === 'admin' ? `<a href="/admin/staff"${page.active === 'staff' ? ' class="on"' : ''}>工作人员</a>` : ''}
<form method="post" action="/admin/logout" class="logout"><input type="hidden" name="csrf" value="${esc(page.csrf)}">
<span>${esc(page.staff.name)}（${ROLE_LABELS[page.staff.role]}）</span><button type="submit">退出</button></form></nav>`
    : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(page.title)} - 中国教师资格网审核系统</title><link rel="stylesheet" href="/admin/assets/admin.css"></head>
<body>${nav}<main><h1>${esc(page.title)}</h1>${page.body}</main></body></html>`;
}

/** The login form, with the text captcha (a question in words) so it works without scripts or the applicant app. */
function loginPage(kinds: KindRegistry, csrf: string, captcha: { id: string; question: string }, error?: string): string {
  return layout(kinds, {
    title: '工作人员登录',
    body: `${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/admin/login" class="login"><input type="hidden" name="csrf" value="${esc(csrf)}">
<input type="hidden" name="captchaId" value="${esc(captcha.id)}">
<label for="username">用户名</label><input id="username" name="username" autocomplete="username" required maxlength="64">
<label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
<label for="captcha">验证问题：${esc(captcha.question)}（请填写阿拉伯数字）</label><input id="captcha" name="captchaAnswer" inputmode="numeric" autocomplete="off" required maxlength="20">
<button type="submit">登录</button></form>`,
  });
}

function errorPage(kinds: KindRegistry, staff: StaffActor | null, csrf: string | undefined, status: number, message: string, back?: string): string {
  return layout(kinds, {
    title: status === 404 ? '页面不存在' : '无法完成操作', staff, csrf,
    body: `<p class="error" role="alert">${esc(message)}</p>${back ? `<p><a href="${esc(back)}">返回</a></p>` : ''}`,
  });
}

type QueuePage = Awaited<ReturnType<Desk['queue']>>;
type Deadline = { due: string; left: number; overdue: boolean; beyondCalendar: string | null };

function deadlineCell(deadline: Deadline): string {
  const note = deadline.overdue ? '<span class="overdue">已超期</span>' : deadline.left === 0 ? '<span class="due">今日到期</span>' : `剩余${deadline.left}个工作日`;
  const warning = deadline.beyondCalendar ? `<br><small class="warning" role="note">${esc(deadline.beyondCalendar)}</small>` : '';
  return `${esc(deadline.due)}<br><small>${note}</small>${warning}`;
}

function queuePage(kinds: KindRegistry, staff: StaffActor, csrf: string, kind: CaseKind, page: QueuePage, counts: Record<CaseKind, number>): string {
  const tabs = kinds.all.map((k) => `<a href="/admin/queues/${k.kind}" class="tab${k.kind === kind ? ' on' : ''}">${k.label}（${counts[k.kind] ?? 0}）</a>`).join('');
  const rows = page.items.map((item) => `<tr data-ref="${esc(item.ref)}">
<td>${item.n}</td><td>${esc(shanghaiTime(item.submittedAt))}</td><td>${esc(item.name)}</td>
<td>${item.idType ? esc(ID_TYPE_LABELS[item.idType as IdType]) : ''}</td><td class="mono">${esc(item.idNumber)}</td>
<td>${esc(item.summary)}</td><td>${deadlineCell(item.deadline)}</td>
<td>${item.heldBy ? `${esc(item.heldBy)}处理中` : '待处理'}</td>
<td><a class="button" href="/admin/cases/${encodeURIComponent(item.ref)}">办理</a></td></tr>`).join('');
  const beyond = page.items.find((i) => i.deadline.beyondCalendar)?.deadline.beyondCalendar;
  return layout(kinds, {
    title: `${kinds.labels[kind]}队列`, staff, csrf, active: kind,
    body: `<div class="tabs">${tabs}<a href="/admin/decided/${kind}" class="tab">已办结</a></div>
<p class="hint">按提交时间排列，最早提交、期限最早的在前。期限按工作日计算（跳过周末和法定节假日，计入调休上班日）：人工审核7个工作日，修改联系方式和咨询求助1个工作日。</p>
${beyond ? `<p class="warning" role="alert">${esc(beyond)}</p>` : ''}
${page.items.length === 0 ? '<p class="empty">暂无待审核的申请</p>' : `<table class="queue"><thead><tr><th>#</th><th>提交时间</th><th>姓名</th><th>证件类型</th><th>证件号码</th><th>申请内容</th><th>办理期限</th><th>状态</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}
${page.next ? `<p><a class="button" rel="next" href="/admin/queues/${kind}?after=${page.next}">下一页</a></p>` : ''}`,
  });
}

type DecidedPage = Awaited<ReturnType<Desk['decided']>>;

function decidedPage(kinds: KindRegistry, staff: StaffActor, csrf: string, kind: CaseKind, page: DecidedPage): string {
  const rows = page.rows.map((row) => `<tr data-ref="${esc(row.ref)}"><td>${row.n}</td><td>${esc(shanghaiTime(row.at))}</td>
<td>${esc(row.snapshot?.name)}</td><td class="mono">${esc(row.snapshot?.maskedIdNumber)}</td><td>${esc(row.snapshot?.summary)}</td>
<td>${row.outcome ? STATUS_LABELS[row.outcome] : ''}</td><td>${esc(row.staffName)}</td>
<td><a href="/admin/cases/${encodeURIComponent(row.ref)}">查看</a></td></tr>`).join('');
  return layout(kinds, {
    title: `${kinds.labels[kind]}已办结`, staff, csrf, active: kind,
    body: `<div class="tabs"><a href="/admin/queues/${kind}" class="tab">返回队列</a></div><p class="hint">最近办结的在前。</p>
${page.rows.length === 0 ? '<p class="empty">暂无记录</p>' : `<table class="queue"><thead><tr><th>#</th><th>办结时间</th><th>姓名</th><th>证件号码</th><th>申请内容</th><th>结论</th><th>审核人</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}
${page.next ? `<p><a class="button" rel="next" href="/admin/decided/${kind}?before=${page.next}">下一页</a></p>` : ''}`,
  });
}

function comparison(opened: Opened): string {
  const { account } = opened;
  const rows = caseViewOf(opened.item.kind).comparisonRows(opened);
  if (account) {
    rows.push(['实名核验状态', '', esc(VERIFICATION_LABELS[account.verification.status] ?? account.verification.status) + (account.verification.reason ? `（${esc(account.verification.reason)}）` : '')]);
  }
  return `<table class="compare"><thead><tr><th></th><th>提交的信息</th><th>账号信息</th></tr></thead><tbody>
${rows.map(([label, submitted, current]) => `<tr><th>${label}</th><td>${submitted}</td><td>${current}</td></tr>`).join('')}</tbody></table>`;
}

function decisionForms(opened: Opened, csrf: string): string {
  const { item } = opened;
  const view = caseViewOf(item.kind);
  const action = `/admin/cases/${encodeURIComponent(item._id)}/decision`;
  const reply = view.repliesToApplicant
    ? '<label for="reply">回复申请人（将以邮件发送）</label><textarea id="reply" name="reply" maxlength="2000" rows="4"></textarea>'
    : '';
  const reasons = COMMON_REJECTION_REASONS.map((r) => `<option value="${esc(r)}">`).join('');
  return `<section class="decisions">
<form method="post" action="${action}" class="decide approve"><input type="hidden" name="csrf" value="${esc(csrf)}">
<input type="hidden" name="outcome" value="approved"><h3>审核通过</h3>${reply}<button type="submit" id="approve">审核通过</button></form>
<form method="post" action="${action}" class="decide reject"><input type="hidden" name="csrf" value="${esc(csrf)}">
<input type="hidden" name="outcome" value="rejected"><h3>审核不通过</h3>
<label for="reason">不通过原因（申请人可见）</label><input id="reason" name="reason" list="reasons" required maxlength="200"><datalist id="reasons">${reasons}</datalist>
${view.repliesToApplicant ? '<label for="reply2">回复申请人</label><textarea id="reply2" name="reply" maxlength="2000" rows="3"></textarea>' : ''}
<button type="submit" id="reject">审核不通过</button></form>${view.extraForm(opened, csrf)}</section>`;
}

function historyList(opened: Opened): string {
  const earlier = opened.earlierItems.map((c: CaseRecord) => `<li><a href="/admin/cases/${encodeURIComponent(c._id)}">${esc(shanghaiTime(c.submittedAt))} ${opened.labels[c.kind]}</a>：${STATUS_LABELS[c.status]}${c.decision?.reason ? `（${esc(c.decision.reason)}）` : ''}</li>`).join('');
  return `<section class="history"><h2>处理记录</h2>${auditTable(opened.history)}
${earlier ? `<h3>该账号的其他申请</h3><ul>${earlier}</ul>` : ''}</section>`;
}

export function auditTable(entries: AuditRecord[]): string {
  if (entries.length === 0) return '<p class="empty">暂无记录</p>';
  return `<table class="audit"><thead><tr><th>时间</th><th>操作人</th><th>操作</th><th>说明</th></tr></thead><tbody>
${entries.map((e) => `<tr><td>${esc(shanghaiTime(e.at))}</td><td>${e.actor.type === 'staff' ? esc(e.actor.name) : e.actor.type === 'applicant' ? '申请人' : '系统'}</td>
<td class="mono">${esc(e.action)}</td><td>${esc(e.summary)}</td></tr>`).join('')}</tbody></table>`;
}

function detailPage(kinds: KindRegistry, staff: StaffActor, csrf: string, opened: Opened, notice?: string): string {
  const { item } = opened;
  const photos = item.photos.map((p) => `<figure><img src="/admin/cases/${encodeURIComponent(item._id)}/photos/${encodeURIComponent(p.role)}" alt="${esc(PHOTO_LABELS[p.role] ?? p.role)}">
<figcaption>${esc(PHOTO_LABELS[p.role] ?? p.role)}（${Math.round(p.bytes / 1024)} KB）</figcaption></figure>`).join('');
  let state: string;
  if (item.status !== 'pending') {
    state = `<p class="status ${item.status}">${STATUS_LABELS[item.status]}：${esc(item.decision?.staffName)}，${esc(shanghaiTime(item.decision?.at))}${item.decision?.reason ? `。不通过原因：${esc(item.decision.reason)}` : ''}</p>`;
  } else if (!opened.heldByMe) {
    state = `<p class="status held">该事项正由${esc(opened.heldBy ?? '其他工作人员')}处理，您暂不能办理。</p>`;
  } else {
    state = `<p class="status pending">待审核，已由您锁定办理。办理期限：${esc(opened.deadline.due)}${opened.deadline.overdue ? '（已超期）' : `（剩余${opened.deadline.left}个工作日）`}</p>`
      + (opened.deadline.beyondCalendar ? `<p class="warning" role="alert">${esc(opened.deadline.beyondCalendar)}</p>` : '');
  }
  return layout(kinds, {
    title: `${kinds.labels[item.kind]}申请详情`, staff, csrf, active: item.kind,
    body: `${notice ? `<p class="notice" role="status">${esc(notice)}</p>` : ''}
<p class="meta">编号 <span class="mono">${esc(item._id)}</span> · 提交时间 ${esc(shanghaiTime(item.submittedAt))} · 今日 ${esc(shanghaiDate())}</p>
${state}${comparison(opened)}<section class="photos"><h2>上传的照片</h2>${photos}</section>
${item.status === 'pending' && opened.heldByMe ? decisionForms(opened, csrf) : ''}${historyList(opened)}
<p><a href="/admin/queues/${item.kind}">返回队列</a></p>`,
  });
}

function auditPage(kinds: KindRegistry, staff: StaffActor, csrf: string, query: { idType?: string; idNumber?: string }, subject: { name: string; idNumber: string } | null, page: AuditPage | null, error?: string): string {
  const options = Object.entries(ID_TYPE_LABELS).map(([value, label]) => `<option value="${value}"${query.idType === value ? ' selected' : ''}>${label}</option>`).join('');
  const more = new URLSearchParams({ ...(subject && query.idType && query.idNumber ? { idType: query.idType, idNumber: query.idNumber } : {}), before: String(page?.next ?? '') });
  return layout(kinds, {
    title: '审计日志', staff, csrf, active: 'audit',
    body: `<form method="get" action="/admin/audit" class="search"><label for="idType">证件类型</label><select id="idType" name="idType">${options}</select>
<label for="idNumber">证件号码</label><input id="idNumber" name="idNumber" maxlength="32" autocomplete="off"><button type="submit">按账号查询</button></form>
${error ? `<p class="error">${esc(error)}</p>` : ''}${subject ? `<p>账号：${esc(subject.name)}（<span class="mono">${esc(subject.idNumber)}</span>）</p>` : '<p class="hint">未指定账号时显示最近的记录，最新的在前。</p>'}
${page ? auditTable(page.entries) : ''}${page?.next ? `<p><a class="button" rel="next" href="/admin/audit?${esc(more.toString())}">下一页</a></p>` : ''}`,
  });
}

function staffPage(kinds: KindRegistry, staff: StaffActor, csrf: string, members: { _id: unknown; username: string; displayName: string; role: 'reviewer' | 'admin'; active: boolean; lastLoginAt: Date | null }[], notice?: string, error?: string): string {
  const rows = members.map((m) => `<tr><td class="mono">${esc(m.username)}</td><td>${esc(m.displayName)}</td><td>${ROLE_LABELS[m.role]}</td>
<td>${m.active ? '启用' : '停用'}</td><td>${esc(shanghaiTime(m.lastLoginAt))}</td><td>${String(m._id) === staff.id ? '' : `<form method="post" action="/admin/staff/${esc(String(m._id))}/active">
<input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="active" value="${m.active ? '0' : '1'}"><button type="submit">${m.active ? '停用' : '启用'}</button></form>`}</td></tr>`).join('');
  return layout(kinds, {
    title: '工作人员', staff, csrf, active: 'staff',
    body: `${notice ? `<p class="notice">${esc(notice)}</p>` : ''}${error ? `<p class="error">${esc(error)}</p>` : ''}
<table class="queue"><thead><tr><th>用户名</th><th>姓名</th><th>角色</th><th>状态</th><th>最近登录</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<form method="post" action="/admin/staff" class="decide"><input type="hidden" name="csrf" value="${esc(csrf)}"><h3>新增工作人员</h3>
<label for="new-username">用户名</label><input id="new-username" name="username" required maxlength="32">
<label for="new-name">姓名</label><input id="new-name" name="displayName" required maxlength="50">
<label for="new-role">角色</label><select id="new-role" name="role"><option value="reviewer">审核员</option><option value="admin">管理员</option></select>
<label for="new-password">初始密码（至少12位，含字母、数字和特殊字符）</label><input id="new-password" name="password" type="password" required maxlength="200" autocomplete="new-password">
<button type="submit">新增</button></form>`,
  });
}

/**
 * The staff site's pages, with the queues and their names taken from the review desk's kinds. Fails at startup
 * when a registered kind has no staff view.
 */
export function staffPages(kinds: KindRegistry) {
  for (const { kind } of kinds.all) caseViewOf(kind);
  return {
    loginPage: loginPage.bind(null, kinds),
    errorPage: errorPage.bind(null, kinds),
    queuePage: queuePage.bind(null, kinds),
    decidedPage: decidedPage.bind(null, kinds),
    detailPage: detailPage.bind(null, kinds),
    auditPage: auditPage.bind(null, kinds),
    staffPage: staffPage.bind(null, kinds),
  };
}

export const ADMIN_CSS = `body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f5f6f8}
nav{display:flex;gap:16px;align-items:center;background:#0b4f8a;color:#fff;padding:10px 20px}nav a{color:#dfeaf5;text-decoration:none}
nav a.on{color:#fff;font-weight:bold;border-bottom:2px solid #fff}.brand{font-weight:bold;margin-right:20px}
.logout{margin-left:auto;display:flex;gap:8px;align-items:center}main{padding:16px 24px;max-width:1200px}
table{border-collapse:collapse;background:#fff;width:100%;margin:8px 0 16px}th,td{border:1px solid #d9dde3;padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:#eef2f7}.mono{font-family:monospace}.tabs{display:flex;gap:8px;margin-bottom:8px}.tab{padding:6px 12px;background:#e3e8ef;border-radius:4px;text-decoration:none;color:#234}
.tab.on{background:#0b4f8a;color:#fff}.hint{color:#666;font-size:13px}.overdue{color:#c00;font-weight:bold}.due{color:#c60}
.button,button{background:#0b4f8a;color:#fff;border:0;padding:6px 14px;border-radius:4px;text-decoration:none;cursor:pointer}
.reject button{background:#b3261e}.photos{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.photos h2{width:100%}
figure{margin:0;background:#fff;padding:8px;border:1px solid #d9dde3}figure img{max-width:360px;max-height:260px;display:block}
.decisions{display:flex;gap:16px;flex-wrap:wrap}.decide{background:#fff;border:1px solid #d9dde3;padding:12px;min-width:280px;display:flex;flex-direction:column;gap:6px}
.decide input,.decide textarea,.decide select{padding:6px}.error{color:#b3261e;font-weight:bold}.notice{color:#1b6e20;font-weight:bold}
.status{padding:8px;background:#fff;border-left:4px solid #0b4f8a}.status.rejected{border-color:#b3261e}.status.approved{border-color:#1b6e20}.status.held{border-color:#c60}
.login{display:flex;flex-direction:column;gap:8px;max-width:320px;background:#fff;padding:16px;border:1px solid #d9dde3}.login input{padding:8px}
.search{display:flex;gap:8px;align-items:center;margin-bottom:8px}.warning{color:#8a4b00;font-weight:bold}.compare th{width:140px}.compare td{width:40%}.empty{color:#666}`;
