/** Shared modules that Grafana provides to plugins but that ship without type declarations here. */
declare module 'd3';
declare module 'prismjs';
declare module 'slate';
declare module 'slate-plain-serializer';
declare module 'slate-react';
