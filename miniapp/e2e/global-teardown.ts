export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__miniappE2eServer;
  if (!server) return;
  await server.close();
  const { default: stopTestServices } = await import('../../test/support/global-teardown');
  await stopTestServices();
}
