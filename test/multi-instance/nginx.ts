/**
 * Debian's nginx run for a test: the shipped site (config/nginx/jszg.conf.template, rendered by
 * scripts/nginx-config.ts) inside a minimal main configuration whose every path (pid, temp files, logs) is in a
 * temporary folder, on free loopback ports, in the foreground, one process (nothing left behind when it is killed).
 * A throwaway self-signed certificate for 127.0.0.1 lets it terminate TLS as in production.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/local-services';
import { renderNginxConfig } from '../../scripts/nginx-config';

export const NGINX_BIN = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => existsSync(candidate));

export type RunningNginx = {
  httpsPort: number;
  httpPort: number;
  certificate: string;
  /** The rendered site, as nginx read it. */
  site: string;
  /** `<client address> <upstream address or -> <status>` per request, from the access log. */
  accessLog(): string[];
  stop(): Promise<void>;
};

export async function startNginx(upstreams: string[]): Promise<RunningNginx> {
  if (!NGINX_BIN) throw new Error('nginx is not installed: run bash scripts/setup.sh');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jszg-nginx-'));
  const certificate = path.join(dir, 'site.crt');
  const certificateKey = path.join(dir, 'site.key');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', certificateKey, '-out', certificate,
  ], { stdio: 'ignore' });
  const [httpPort, httpsPort] = await Promise.all([freePort(), freePort()]);
  const site = renderNginxConfig({
    serverName: '127.0.0.1', upstreams, httpListen: `127.0.0.1:${httpPort}`, httpsListen: `127.0.0.1:${httpsPort}`, certificate, certificateKey,
  });
  writeFileSync(path.join(dir, 'site.conf'), site);
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  writeFileSync(path.join(dir, 'nginx.conf'), `
# Test only: one foreground process (no master), everything under ${dir}.
master_process off;
daemon off;
${process.getuid?.() === 0 ? `user ${os.userInfo().username};` : ''}
pid ${path.join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 256; }
http {
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  log_format upstreams '$remote_addr $upstream_addr $status';
  access_log ${path.join(dir, 'access.log')} upstreams;
  include ${path.join(dir, 'site.conf')};
}
`);
  const child: ChildProcess = spawn(NGINX_BIN, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const errors: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const ca = readFileSync(certificate);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) { await stop(); throw new Error(`nginx exited: ${errors.join('')}`); }
    const up = await httpsRequest(httpsPort, ca, { path: '/healthz' }).then((reply) => reply.status === 200, () => false);
    if (up) break;
    if (Date.now() > deadline) { await stop(); throw new Error(`nginx did not answer: ${errors.join('')}`); }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    httpsPort,
    httpPort,
    certificate: ca.toString(),
    site,
    accessLog: () => readFileSync(path.join(dir, 'access.log'), 'utf8').split('\n').filter(Boolean),
    stop,
  };
}

export type HttpsReply = { status: number; headers: Record<string, string | string[] | undefined>; text: string; json(): any };

/** One request on a connection of its own from `localAddress` (127.0.0.2, … are all loopback on Linux). */
export function httpsRequest(port: number, ca: string | Buffer, options: {
  method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string;
}): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const request = https.request({
      host: '127.0.0.1', port, ca, agent: false, method: options.method ?? 'GET', path: options.path,
      headers: { ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
      localAddress: options.localAddress, timeout: 10_000,
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: response.statusCode!, headers: response.headers, text, json: () => JSON.parse(text) });
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(options.body);
  });
}
