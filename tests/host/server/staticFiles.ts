import { readFile } from 'node:fs/promises';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const GRAFANA_ICONS = path.join(REPO_ROOT, 'node_modules/@grafana/ui/dist/public/img/icons');
const UNICONS = path.join(REPO_ROOT, 'node_modules/@iconscout/unicons/svg/line');
const INTER_FILES = path.join(REPO_ROOT, 'node_modules/@fontsource/inter/files');
const ROBOTO_MONO_FILES = path.join(REPO_ROOT, 'node_modules/@fontsource/roboto-mono/files');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Grafana ships Inter as four static files; @fontsource/inter has the same faces under other names. */
const INTER_FACES: Record<string, string> = {
  'Inter-Regular.woff2': 'inter-latin-400-normal.woff2',
  'Inter-Medium.woff2': 'inter-latin-500-normal.woff2',
  'Inter-Italic.woff2': 'inter-latin-400-italic.woff2',
  'Inter-MediumItalic.woff2': 'inter-latin-500-italic.woff2',
};

export interface StaticFile {
  contents: Buffer;
  contentType: string;
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/** Reads `relative` inside `root`, refusing paths that escape it. Undefined when there is no such file. */
export async function readInside(root: string, relative: string): Promise<StaticFile | undefined> {
  const absolute = path.resolve(root, `.${path.posix.normalize(`/${decodeURIComponent(relative)}`)}`);
  if (absolute !== root && !absolute.startsWith(root + path.sep)) {
    return undefined;
  }
  try {
    return { contents: await readFile(absolute), contentType: contentTypeOf(absolute) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
      return undefined;
    }
    throw error;
  }
}

/** `/public/build/img/icons/<set>/<name>.svg`: Grafana's icon set, falling back to Unicons for the few it lacks. */
export async function readIcon(relative: string): Promise<StaticFile | undefined> {
  const icon = await readInside(GRAFANA_ICONS, relative);
  if (icon || !relative.startsWith('unicons/')) {
    return icon;
  }
  return readInside(UNICONS, relative.slice('unicons/'.length));
}

/** `/public/fonts/...`: Inter from @fontsource/inter; Roboto Mono (one latin file in Grafana) from @fontsource/roboto-mono. */
export async function readFont(relative: string): Promise<StaticFile | undefined> {
  if (relative.startsWith('inter/')) {
    const face = INTER_FACES[relative.slice('inter/'.length)];
    return face ? readInside(INTER_FILES, face) : undefined;
  }
  if (relative.startsWith('roboto/') && relative.endsWith('.woff2')) {
    return readInside(ROBOTO_MONO_FILES, 'roboto-mono-latin-400-normal.woff2');
  }
  return undefined;
}
