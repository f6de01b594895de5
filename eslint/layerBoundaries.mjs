import path from 'node:path';

// The pure layers run unchanged in a Web Worker, in Node and in tests, so they may depend only on
// themselves and on a short list of pure libraries.
const PURE_LAYERS = ['engine', 'alerting'];
// TF.js core and its CPU backend run the same pure-JavaScript kernels in a worker and in Node.
const PURE_LIBRARIES = ['zod', '@bsull/augurs', 'yaml', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu'];
const SRC_FOLDERS_PATTERN = /^(engine|alerting|clients|worker|cli|components|pages|panels|scenes|utils|img)(\/|$)/;

function layerOf(file, srcRoot) {
  const relative = path.relative(srcRoot, file);
  if (relative.startsWith('..')) {
    return undefined;
  }
  return relative.split(path.sep)[0];
}

function violation(specifier, file, layer, srcRoot) {
  if (specifier.startsWith('.')) {
    const target = path.resolve(path.dirname(file), specifier);
    const targetLayer = layerOf(target, srcRoot);
    return targetLayer === layer ? undefined : `reaches outside src/${layer}/ (into ${path.relative(srcRoot, target)})`;
  }
  if (SRC_FOLDERS_PATTERN.test(specifier)) {
    return `imports src/${specifier}, another layer`;
  }
  const isAllowed = PURE_LIBRARIES.some((lib) => specifier === lib || specifier.startsWith(`${lib}/`));
  return isAllowed
    ? undefined
    : `imports '${specifier}', which is not one of the pure libraries (${PURE_LIBRARIES.join(', ')})`;
}

export const layerBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'keeps src/engine and src/alerting free of UI, Grafana, DOM, Node and other layers' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const srcRoot = path.resolve(context.cwd, 'src');
    const layer = layerOf(file, srcRoot);
    if (!PURE_LAYERS.includes(layer)) {
      return {};
    }
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string') {
        return;
      }
      const problem = violation(node.source.value, file, layer, srcRoot);
      if (problem) {
        context.report({ node: node.source, message: `src/${layer} must stay pure: ${problem}` });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
