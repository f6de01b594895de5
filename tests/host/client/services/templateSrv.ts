import type { ScopedVars, TimeRange, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { sceneGraph, type SceneObject } from '@grafana/scenes';

const VARIABLE_PATTERN = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

type Formatter = string | ((value: string | string[]) => string) | undefined;

/**
 * Grafana's templateSrv for a host without dashboards of its own: inside scenes it delegates to
 * `sceneGraph.interpolate` (as Grafana does when a scene object is in the scoped vars); elsewhere it substitutes
 * the scoped variables it is given. There are no global dashboard variables.
 */
export class HostTemplateSrv implements TemplateSrv {
  private timeRange: TimeRange | undefined;

  getVariables(): TypedVariableModel[] {
    return [];
  }

  replace(target?: string, scopedVars?: ScopedVars, format?: Formatter): string {
    if (!target) {
      return target ?? '';
    }
    const sceneObject = scopedVars?.__sceneObject?.value as SceneObject | undefined;
    if (sceneObject && typeof sceneObject === 'object' && 'state' in sceneObject) {
      return sceneGraph.interpolate(sceneObject, target, scopedVars, format as never);
    }
    return target.replace(VARIABLE_PATTERN, (match, simple, bracket, _bracketFormat, braced) => {
      const name: string = simple ?? bracket ?? braced;
      const variable = scopedVars?.[name];
      if (!variable) {
        return match;
      }
      const value = variable.value as string | string[];
      if (typeof format === 'function') {
        return format(value);
      }
      return Array.isArray(value) ? value.join(',') : String(value);
    });
  }

  containsTemplate(target?: string): boolean {
    return Boolean(target && new RegExp(VARIABLE_PATTERN.source).test(target));
  }

  updateTimeRange(timeRange: TimeRange): void {
    this.timeRange = timeRange;
  }

  getTimeRange(): TimeRange | undefined {
    return this.timeRange;
  }
}
