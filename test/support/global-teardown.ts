import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__testServices;
  if (!state) return;
  await Promise.all(state.services.map((service) => service.stop()));
  rmSync(state.dataDir, { recursive: true, force: true });
}
