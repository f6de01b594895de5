import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const dashboardSchema = z.looseObject({
  uid: z.string().min(1),
  title: z.string(),
  panels: z.array(z.looseObject({ id: z.number(), type: z.string() })),
});

export type DashboardJson = z.infer<typeof dashboardSchema>;

/** Dashboards (Grafana's JSON model) from every *.json file in `folder`, by uid. */
export async function loadDashboards(folder: string): Promise<Map<string, DashboardJson>> {
  const dashboards = new Map<string, DashboardJson>();
  for (const name of (await readdir(folder)).filter((file) => file.endsWith('.json')).sort()) {
    const file = path.join(folder, name);
    const parsed = dashboardSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) {
      throw new Error(
        `${file} is not a dashboard: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`
      );
    }
    dashboards.set(parsed.data.uid, parsed.data);
  }
  return dashboards;
}
