import { labelEnvName, renderKubernetesName, renderTemplate, TemplateError, templateLabels } from './labelTemplate';

describe('label templates', () => {
  it('fills placeholders verbatim for arguments', () => {
    expect(renderTemplate('--host={{ instance }}', { instance: '$(rm -rf /)' })).toBe('--host=$(rm -rf /)');
  });

  it('refuses a missing label and a malformed placeholder', () => {
    expect(() => renderTemplate('{{ service }}', {})).toThrow(TemplateError);
    expect(() => templateLabels('{{ service }')).toThrow('malformed placeholder');
  });

  it('accepts only valid Kubernetes names for objects', () => {
    expect(renderKubernetesName('{{ app }}-api', { app: 'shop' })).toBe('shop-api');
    for (const hostile of ['../secrets', 'a/b', 'A', 'x?watch=1', 'a b', 'x\n']) {
      expect(() => renderKubernetesName('{{ app }}', { app: hostile })).toThrow('is not a valid Kubernetes name');
    }
  });

  it('names label variables safely', () => {
    expect(labelEnvName('vigil_detector')).toBe('VIGIL_LABEL_VIGIL_DETECTOR');
    expect(labelEnvName('a.b-c')).toBe('VIGIL_LABEL_A_B_C');
  });
});
