/**
 * The modules Grafana shares with plugins (the externals in .config/bundler/externals.ts), taken from this
 * project's node_modules so that their versions match what the plugin was built against.
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import i18next from 'i18next';
import lodash from 'lodash';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import * as rxjs from 'rxjs';
import type { SharedModules } from './amdLoader';

export const sharedModules: SharedModules = {
  eager: {
    '@emotion/css': emotionCss,
    '@emotion/react': emotionReact,
    '@grafana/data': grafanaData,
    '@grafana/runtime': grafanaRuntime,
    '@grafana/ui': grafanaUi,
    i18next,
    lodash,
    react,
    'react-dom': reactDom,
    'react/jsx-runtime': jsxRuntime,
    'react/jsx-dev-runtime': jsxRuntime,
    // Grafana 12 serves react-router v6 under this name.
    'react-router': reactRouter,
    rxjs,
  },
  lazy: {
    '@grafana/data/unstable': () => import('@grafana/data/unstable'),
    '@grafana/runtime/unstable': () => import('@grafana/runtime/unstable'),
    '@grafana/ui/unstable': () => import('@grafana/ui/unstable'),
    moment: () => import('moment').then((m) => m.default),
    jquery: () => import('jquery').then((m) => m.default),
    d3: () => import('d3'),
    prismjs: () => import('prismjs').then((m) => m.default),
    redux: () => import('redux'),
    'react-redux': () => import('react-redux'),
    slate: () => import('slate'),
    'slate-plain-serializer': () => import('slate-plain-serializer'),
    '@grafana/slate-react': () => import('slate-react'),
  },
};
