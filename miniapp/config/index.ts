import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/** The project's shared rules (document numbers, password rule), the same code the server validates with. */
const sharedDir = path.resolve(__dirname, '../../shared/src');

/**
 * Where the server is. The H5 build is served by the server itself at the site's root, so an empty base
 * (same origin) is right there; the mini-program needs an absolute address. API_BASE overrides both.
 */
function apiBase(): string {
  if (process.env.API_BASE !== undefined) return process.env.API_BASE;
  return process.env.TARO_ENV === 'h5' ? '' : 'http://127.0.0.1:3000';
}

export default defineConfig<'webpack5'>(() => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'jszg-miniapp',
    date: '2025-11-27',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per platform, so the weapp and H5 builds never overwrite each other.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    framework: 'react',
    compiler: 'webpack5',
    alias: { '@shared': sharedDir },
    defineConstants: { API_BASE: JSON.stringify(apiBase()) },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedDir] },
      postcss: { pxtransform: { enable: true, config: {} } },
    },
    h5: {
      // Served at the site's root with real paths (/pages/<name>/index): the mail link and the WeChat menu
      // open a page directly, and the server answers any app path with index.html, so a reload works.
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      compile: { include: [sharedDir] },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      // The root size follows the window up to 22 px, so a desktop window shows the phone design at about
      // its phone size (Taro's default, 40 px, doubles every size on a desktop); text still scales with zoom.
      postcss: { autoprefixer: { enable: true, config: {} }, pxtransform: { enable: true, config: { maxRootSize: 22 } } },
    },
  };
  return config;
});
