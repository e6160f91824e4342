/**
 * Renders config/nginx/jszg.conf.template, the nginx site that terminates TLS in front of several instances,
 * with a deployment's values (see the template's head). The proxy test renders the same file.
 *   npx tsx scripts/nginx-config.ts --server-name jszg.example.cn --upstream 10.0.0.11:3000 --upstream 10.0.0.12:3000 \
 *     --certificate /etc/nginx/tls/jszg.crt --certificate-key /etc/nginx/tls/jszg.key [--http-listen 80] [--https-listen 443]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { projectPath } from '../server/src/project-root';

export const NGINX_TEMPLATE = projectPath('config', 'nginx', 'jszg.conf.template');

export type NginxSite = {
  serverName: string;
  /** host:port of each instance. */
  upstreams: string[];
  /** What `listen` takes: a port, or address:port. */
  httpListen: string;
  httpsListen: string;
  certificate: string;
  certificateKey: string;
};

/** A value goes into a directive as one token: nothing that could end it or open a block. */
const TOKEN = /^[^\s;{}'"#$\\]+$/;

export function renderNginxConfig(site: NginxSite, template = readFileSync(NGINX_TEMPLATE, 'utf8')): string {
  if (site.upstreams.length === 0) throw new Error('at least one --upstream host:port');
  const values: Record<string, string> = {
    SERVER_NAME: site.serverName,
    HTTP_LISTEN: site.httpListen,
    HTTPS_LISTEN: site.httpsListen,
    TLS_CERTIFICATE: site.certificate,
    TLS_CERTIFICATE_KEY: site.certificateKey,
  };
  for (const [name, value] of [...Object.entries(values), ...site.upstreams.map((u) => ['UPSTREAM', u] as const)]) {
    if (!TOKEN.test(value)) throw new Error(`${name}: ${JSON.stringify(value)} is not a single nginx token`);
  }
  values.UPSTREAM_SERVERS = site.upstreams.map((address) => `    server ${address} max_fails=1 fail_timeout=10s;`).join('\n');
  const rendered = template.replace(/\{\{([A-Z_]+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the template has ${placeholder}, which nothing fills`);
    return value;
  });
  return rendered;
}

function main() {
  const { values } = parseArgs({
    options: {
      'server-name': { type: 'string' },
      upstream: { type: 'string', multiple: true },
      'http-listen': { type: 'string', default: '80' },
      'https-listen': { type: 'string', default: '443' },
      certificate: { type: 'string' },
      'certificate-key': { type: 'string' },
    },
  });
  const missing = ['server-name', 'upstream', 'certificate', 'certificate-key'].filter((name) => !values[name as keyof typeof values]);
  if (missing.length > 0) throw new Error(`missing ${missing.map((name) => `--${name}`).join(', ')}`);
  process.stdout.write(renderNginxConfig({
    serverName: values['server-name']!,
    upstreams: values.upstream!,
    httpListen: values['http-listen']!,
    httpsListen: values['https-listen']!,
    certificate: values.certificate!,
    certificateKey: values['certificate-key']!,
  }));
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
