// Bundles the client part into dist/client.js, as the Modeler's plugin starter does with webpack.
import { build } from 'esbuild';

await build({
  entryPoints: ['client/index.mjs'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  outfile: 'dist/client.js',
  logLevel: 'warning'
});
