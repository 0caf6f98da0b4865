/** WALLARM_LABELS / --labels: `group=<GROUP>[,key=value...]`; `group` is required for registration. */
export class LabelsError extends Error {}

export function parseLabels(spec: string, source: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq).trim();
    if (eq <= 0 || key === '') {
      throw new LabelsError(
        `${source}: "${pair}" is not key=value; write e.g. ${source.startsWith('--') ? '--labels ' : 'WALLARM_LABELS='}'group=<GROUP>,env=prod'`,
      );
    }
    if (Object.hasOwn(labels, key)) throw new LabelsError(`${source}: label "${key}" is given twice; keep one`);
    labels[key] = pair.slice(eq + 1).trim();
  }
  return labels;
}

export const MISSING_GROUP = 'label "group" is required for this registration type';
export const GROUP_HINT =
  "set WALLARM_LABELS='group=<GROUP>' (or --labels group=<GROUP>) to the node group shown in the cloud console";
