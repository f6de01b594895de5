module.exports = {
  // Prettier configuration provided by Grafana scaffolding
  ...require('./.config/.prettierrc.js'),
  // Kubernetes manifests quote strings the way kubectl and the Kubernetes docs do.
  overrides: [{ files: 'deploy/k8s/**/*.yaml', options: { singleQuote: false } }],
};
