import type { AnyStateMachine, AnyStateNode } from 'xstate';

interface TransitionLike {
  eventType: string;
  target?: ReadonlyArray<AnyStateNode>;
  guard?: unknown;
  actions: ReadonlyArray<unknown>;
}

const nameOf = (item: unknown): string | null => {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object' && 'type' in item && typeof item.type === 'string') return item.type;
  return null;
};

/** Effects and built-in actions by name, built-ins (xstate.assign…) left out. */
const effectNames = (actions: ReadonlyArray<unknown>) =>
  actions.map(nameOf).filter((name): name is string => name !== null && !name.startsWith('xstate.'));

/**
 * The machine as a Mermaid state diagram, generated from its definition: states and sub-states,
 * every transition with its event and guard, entry effects, and the events a state handles in place.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  const edges: string[] = [];
  const notes: string[] = [];

  const walk = (node: AnyStateNode, indent: string) => {
    const children = Object.values(node.states) as AnyStateNode[];
    const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
    if (initial) lines.push(`${indent}[*] --> ${initial.key}`);
    for (const child of children) {
      if (Object.keys(child.states).length > 0) {
        lines.push(`${indent}state ${child.key} {`);
        walk(child, `${indent}  `);
        lines.push(`${indent}}`);
      }
      if (child.type === 'final') edges.push(`  ${child.key} --> [*]`);
      // A transition between siblings inside a composite state is drawn inside its block.
      const nested = node !== machine.root;
      const inPlace: string[] = [];
      for (const transitions of child.transitions.values() as Iterable<TransitionLike[]>) {
        for (const transition of transitions) {
          const guard = nameOf(transition.guard);
          const label = `${transition.eventType}${guard ? ` [${guard}]` : ''}`;
          const target = transition.target?.[0];
          if (target && nested && target.parent === node) lines.push(`${indent}${child.key} --> ${target.key}: ${label}`);
          else if (target) edges.push(`  ${child.key} --> ${target.key}: ${label}`);
          else inPlace.push(`${label}${effectNames(transition.actions).length ? ` / ${effectNames(transition.actions).join(', ')}` : ''}`);
        }
      }
      const entry = effectNames(child.entry);
      const noteLines = [...(entry.length ? [`entry / ${entry.join(', ')}`] : []), ...inPlace];
      if (noteLines.length) notes.push(`  note right of ${child.key}\n${noteLines.map((line) => `    ${line}`).join('\n')}\n  end note`);
    }
  };

  walk(machine.root, '  ');
  return [...lines, ...edges, ...notes].join('\n') + '\n';
}

/** Every state's path in the machine (`bot`, `agent_assigned.offered`, …): what a chart can highlight. */
export function statePaths(machine: AnyStateMachine): string[] {
  const paths: string[] = [];
  const walk = (node: AnyStateNode, prefix: string) => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      const path = prefix ? `${prefix}.${child.key}` : child.key;
      paths.push(path);
      walk(child, path);
    }
  };
  walk(machine.root, '');
  return paths;
}

/**
 * The chart with the state at `path` styled `current`: the innermost state and the states around
 * it, so a supervisor and an engineer see where one conversation is on the same picture.
 */
export function highlightState(chart: string, path: string): string {
  const keys = path.split('.');
  return `${chart}  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px,color:#111\n${keys.map((key) => `  class ${key} current`).join('\n')}\n`;
}
