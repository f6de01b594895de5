/**
 * Templates over alert labels: `{{ name }}` is replaced by the label's value. A template naming a label the
 * alert does not have is refused, and so is a result that is not a valid value of the place it goes to
 * (labels are untrusted: a Kubernetes object name must stay a name, never a path or a query).
 */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;
const STRAY_BRACES = /\{\{|\}\}/;

/** DNS-1123 subdomain: what Kubernetes accepts as a Deployment, StatefulSet or DaemonSet name. */
const KUBERNETES_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The labels a template refers to; throws on a malformed placeholder. */
export function templateLabels(template: string): string[] {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
  if (STRAY_BRACES.test(template.replace(PLACEHOLDER, ''))) {
    throw new TemplateError(`malformed placeholder in ${JSON.stringify(template)}: use {{ label_name }}`);
  }
  return names;
}

/** The template with each placeholder replaced by the label's value, verbatim (for argv and env values). */
export function renderTemplate(template: string, labels: Record<string, string>): string {
  templateLabels(template);
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = labels[name];
    if (value === undefined) {
      throw new TemplateError(`the alert has no label ${name} (needed by ${JSON.stringify(template)})`);
    }
    return value;
  });
}

/** Renders a Kubernetes object name; refuses anything that is not a DNS-1123 subdomain. */
export function renderKubernetesName(template: string, labels: Record<string, string>): string {
  const name = renderTemplate(template, labels);
  if (!KUBERNETES_NAME.test(name)) {
    throw new TemplateError(
      `${JSON.stringify(name.slice(0, 80))} (from ${JSON.stringify(template)}) is not a valid Kubernetes name`
    );
  }
  return name;
}

/** An environment variable name for a label: VIGIL_LABEL_ plus the name upper-cased, other characters as `_`. */
export function labelEnvName(label: string): string {
  return `VIGIL_LABEL_${label.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}
