#!/usr/bin/env bash
# Installs the mini-program's dependencies on a fresh machine; does nothing when they are already current.
#
# Not `npm ci`: @tarojs/binding lists native packages for other platforms (darwin, win32, linux-arm64)
# that the registry does not serve, so the lock cannot name them and `npm ci` refuses it as out of sync.
# `npm install` installs the locked versions all the same, and --no-save leaves the lock untouched.
#
# Install scripts stay off (npm 11 runs none that are not approved): the packages with native parts
# (@tarojs/binding, @swc/core, esbuild) ship them as platform packages, and @tarojs/cli's script only
# phones home to add a plugin.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
  && [ node_modules/.package-lock.json -nt package.json ]; then
  exit 0
fi
echo "miniapp: npm install"
npm install --no-save --no-audit --no-fund --loglevel=error
# The native Taro binding for this machine must have come with it, or the build fails much later.
node -e "require('@tarojs/binding')" || { echo "miniapp: @tarojs/binding has no native package for this platform" >&2; exit 1; }
