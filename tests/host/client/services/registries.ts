import React from 'react';
import {
  FieldColorModeId,
  FieldConfigProperty,
  ThresholdsMode,
  booleanOverrideProcessor,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  standardTransformers,
  standardTransformersRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
  type FieldConfigPropertyItem,
  type StandardEditorsRegistryItem,
} from '@grafana/data';

/** The host has no panel editor: option editors exist so that option builders resolve, but never render. */
function UnavailableEditor() {
  return React.createElement('span', null, 'Option editors are not available in the stand-in host');
}

const EDITOR_IDS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
  'links',
  'mappings',
  'thresholds',
  'fieldColor',
  'stats-picker',
];

function optionEditors(): StandardEditorsRegistryItem[] {
  return EDITOR_IDS.map((id) => ({ id, name: id, editor: UnavailableEditor }));
}

const always = () => true;
const numeric = (field: { type: string }) => field.type === 'number';

function fieldConfig(
  id: string,
  process: FieldConfigPropertyItem['process'],
  shouldApply: FieldConfigPropertyItem['shouldApply'] = always,
  defaultValue?: unknown
): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    editor: UnavailableEditor,
    override: UnavailableEditor,
    process,
    shouldApply,
    defaultValue,
  };
}

/** Grafana's standard field options with Grafana's own value processors from @grafana/data. */
function standardFieldConfigs(): FieldConfigPropertyItem[] {
  return [
    fieldConfig(FieldConfigProperty.Unit, unitOverrideProcessor),
    fieldConfig(FieldConfigProperty.Min, numberOverrideProcessor, numeric),
    fieldConfig(FieldConfigProperty.Max, numberOverrideProcessor, numeric),
    fieldConfig(FieldConfigProperty.FieldMinMax, booleanOverrideProcessor, numeric),
    fieldConfig(FieldConfigProperty.Decimals, numberOverrideProcessor),
    fieldConfig(FieldConfigProperty.DisplayName, displayNameOverrideProcessor),
    fieldConfig(FieldConfigProperty.NoValue, stringOverrideProcessor),
    fieldConfig(FieldConfigProperty.Links, dataLinksOverrideProcessor),
    fieldConfig(FieldConfigProperty.Mappings, valueMappingsOverrideProcessor),
    fieldConfig(FieldConfigProperty.Thresholds, thresholdsOverrideProcessor, always, {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    }),
    fieldConfig(FieldConfigProperty.Color, identityOverrideProcessor, always, {
      mode: FieldColorModeId.PaletteClassic,
    }),
    fieldConfig(FieldConfigProperty.Filterable, booleanOverrideProcessor),
  ];
}

/** Grafana fills these registries at startup; option builders and transformations look items up in them. */
export function fillRegistries(): void {
  standardEditorsRegistry.setInit(optionEditors);
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
  standardTransformersRegistry.setInit(() =>
    Object.values(standardTransformers).map((transformer) => ({
      id: transformer.id,
      aliasIds: transformer.aliasIds,
      name: transformer.name,
      description: transformer.description,
      transformation: transformer,
      editor: UnavailableEditor,
      imageDark: '',
      imageLight: '',
    }))
  );
}
