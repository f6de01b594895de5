const { createHash } = require('node:crypto');
const path = require('node:path');
const swcJest = require('@swc/jest');

/*
 * @swc/jest, then, in the engine's modules, the builtins its per-row code reads bound to module constants. Jest runs
 * each test file in a vm context whose global object V8 reaches through an interceptor, so every `Math.sqrt`, `NaN`
 * or `new Float64Array` read as a global there is a slow lookup that cannot be inlined: the default detector scored
 * about 20 times slower in a vm context than in Node (docs/testing.md, "Why the engine's tests bind builtins"). The
 * constants are the same objects, so the code behaves as it does in the CLI and the workers.
 */
const BUILTINS = ['Math', 'Number', 'NaN', 'Infinity', 'Float64Array'];
const BINDINGS = `const ${BUILTINS.map((name) => `${name} = globalThis.${name}`).join(', ')};`;
const ENGINE = path.join(__dirname, 'src', 'engine') + path.sep;
const STRICT = /^("use strict";|'use strict';)/;

function bindBuiltins(code) {
  const strict = code.match(STRICT);
  // After the directive, on its line: the module stays strict and its source map keeps its lines.
  return strict ? `${strict[0]}${BINDINGS}${code.slice(strict[0].length)}` : `${BINDINGS}${code}`;
}

module.exports = {
  createTransformer(options) {
    const swc = swcJest.createTransformer(options);
    return {
      ...swc,
      process(source, filename, jestOptions) {
        const output = swc.process(source, filename, jestOptions);
        return filename.startsWith(ENGINE) ? { ...output, code: bindBuiltins(output.code) } : output;
      },
      getCacheKey(...args) {
        return createHash('sha1')
          .update(swc.getCacheKey(...args))
          .update(BINDINGS)
          .digest('hex');
      },
    };
  },
};
