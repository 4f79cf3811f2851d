// Resolves the workspace's `@hub/<lib>` and `@hub/<lib>/<entry>` imports to the compiled libraries in dist/
// when services run from the build. Tests resolve the same names to sources through jest.config.js.
const Module = require('node:module');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist', 'libs');
const original = Module._resolveFilename;
Module._resolveFilename = function resolveHub(request, ...rest) {
  const m = /^@hub\/([a-z-]+)(?:\/([a-z-]+))?$/.exec(request);
  if (m) return original.call(this, path.join(dist, m[1], 'src', `${m[2] ?? 'index'}.js`), ...rest);
  return original.call(this, request, ...rest);
};
