// Minifies every JavaScript file in a build folder (dist/ unless another folder
// is given). ncc minifies only index.js and leaves the chunks it splits off for
// dynamic imports as they are, so this runs after it. The output is
// deterministic: the same input gives the same bytes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] ?? new URL('../dist/', import.meta.url).pathname;
for (const name of (await readdir(dist)).filter((file) => file.endsWith('.js')).sort()) {
  const path = join(dist, name);
  const code = await readFile(path, 'utf8');
  const result = await minify(code, {
    module: true,
    compress: { passes: 1 },
    // Class and function names stay, as ncc keeps them: error types and logs may read them.
    mangle: { keep_classnames: true, keep_fnames: true },
    keep_classnames: true,
    keep_fnames: true,
    format: { comments: false },
  });
  if (result.code === undefined) {
    throw new Error(`terser returned no code for ${path}`);
  }
  await writeFile(path, result.code);
  console.log(`${name}: ${code.length} bytes, ${result.code.length} minified`);
}
