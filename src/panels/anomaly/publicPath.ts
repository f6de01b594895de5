declare let __webpack_public_path__: string;

/**
 * Grafana derives a nested panel's public path from its module.js (`.../plugins/<app>/panels/anomaly/`),
 * but webpack emits every chunk, the detector worker included, at the app's root. Point this entry's
 * chunk loading there.
 */
__webpack_public_path__ = __webpack_public_path__.replace(/panels\/anomaly\/$/, '');
