/**
 * The layers, as rules dependency-cruiser checks (test/architecture/layers.test.ts runs them over
 * every folder tsconfig.json includes). From the bottom:
 *
 * - domain/ — the ground floor: shared types and constants, importing nothing at all.
 * - machines/ — the pure conversation machine, on the ground floor only.
 * - db/ — storage, on the ground floor only: it knows rows and the domain's types, no logic above it.
 * - workflows/ — Temporal workflows: the machine, and the activities' types only (a workflow never
 *   runs activity code in its sandbox).
 * - api/ — talks to workflows through their definitions and search attributes, never their
 *   internals, and never runs activities itself.
 * - bin/ and test/ — entry points and tests: nothing else imports them.
 *
 * And no import cycles anywhere, type-only imports included.
 */

/** Any module of the project (as opposed to packages and Node's own modules). */
const PROJECT = { dependencyTypes: ['local'] };

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'ground-floor-imports-nothing',
      severity: 'error',
      comment: 'domain/ is pure types and constants: it imports only itself, not even packages.',
      from: { path: '^domain/' },
      to: { pathNot: '^domain/' },
    },
    {
      name: 'machines-stand-on-the-ground-floor',
      severity: 'error',
      comment: 'The machine is pure: of the project it imports only the ground floor and itself.',
      from: { path: '^machines/' },
      to: { ...PROJECT, pathNot: '^(machines|domain)/' },
    },
    {
      name: 'storage-stands-on-the-ground-floor',
      severity: 'error',
      comment: 'db/ is beneath the domain: of the project it imports only the ground floor and itself.',
      from: { path: '^db/' },
      to: { ...PROJECT, pathNot: '^(db|domain)/' },
    },
    {
      name: 'workflows-import-machines-only',
      severity: 'error',
      comment: 'Workflows run in a deterministic sandbox: of the project only the machine, the ground floor, themselves, and activity types.',
      from: { path: '^workflows/' },
      to: { ...PROJECT, pathNot: '^(workflows|machines|domain|activities)/' },
    },
    {
      name: 'workflows-import-only-types-of-activities',
      severity: 'error',
      comment: 'A workflow calls activities through proxies; it may know their types, never their code.',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'api-does-not-run-activities',
      severity: 'error',
      comment: 'Activities run in the worker; the API goes through Temporal or the storage and routing modules.',
      from: { path: '^api/' },
      to: { path: '^activities/' },
    },
    {
      name: 'api-knows-workflows-by-their-definitions',
      severity: 'error',
      comment: "The API may use a workflow's definitions (updates, signals, queries) and search attributes, not its internals.",
      from: { path: '^api/' },
      to: { path: '^workflows/', pathNot: '^workflows/(definitions|search-attributes)\\.ts$' },
    },
    {
      name: 'nothing-imports-bin',
      severity: 'error',
      comment: 'bin/ holds entry points: only they (among themselves) and tests import them.',
      from: { pathNot: '^(bin|test)/' },
      to: { path: '^bin/' },
    },
    {
      name: 'nothing-imports-test',
      severity: 'error',
      comment: 'Product code never depends on tests or their support.',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    // Keeps `import type` dependencies (labelled `type-only`): they count for cycles and layers.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
