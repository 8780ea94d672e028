import type { Region } from '../../shared/schemas/regions.js';

export interface RegionNode {
  key: number;
  value: number;
  title: string;
  region: Region;
  children: RegionNode[];
}

/** Turns the flat, scoped region list into a tree whose roots are the caller's top regions. */
export function buildRegionTree(list: Region[]): RegionNode[] {
  const nodes = new Map<number, RegionNode>(
    list.map((r) => [r.id, { key: r.id, value: r.id, title: r.name, region: r, children: [] }]),
  );
  const roots: RegionNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.region.parentId != null ? nodes.get(n.region.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

/** The same tree with only regions of the given levels selectable (an elder's home, a role's region). */
export function selectableLevels(nodes: RegionNode[], levels: readonly string[]): RegionNode[] {
  return nodes.map(
    (n) =>
      ({
        ...n,
        disabled: !levels.includes(n.region.level),
        children: selectableLevels(n.children, levels),
      }) as RegionNode,
  );
}

export const HOME_LEVELS = ['community', 'grid'] as const;
