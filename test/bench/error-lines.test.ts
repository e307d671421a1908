import { errorLines } from '../../bench/load/invariants';

describe("the load check's reading of the stack's log", () => {
  it('counts errors of the stack, and of the Temporal server while it serves', () => {
    const log = [
      '{"level":50,"time":1,"name":"baton","msg":"request failed"}',
      'time=2026-12-03T07:54:59.666 level=ERROR msg="service failures" operation=AddWorkflowTask error="namespace not found"',
      '{"level":30,"time":1,"name":"baton","msg":"fine"}',
      '2026-12-03T07:54:59.666Z [WARN] Workflow task failed',
    ].join('\n');
    expect(errorLines(log)).toHaveLength(3);
  });

  it("leaves out the Temporal server's lines about work its own stopping cut short", () => {
    const log = [
      'time=2026-12-03T07:54:59.666 level=ERROR msg="service failures" operation=AddWorkflowTask wf-namespace=default grpc_code=Unavailable error="task queue closed"',
      'time=2026-12-03T07:54:59.666 level=ERROR msg="Error refreshing namespace cache" error="context canceled"',
    ].join('\n');
    expect(errorLines(log)).toEqual([]);
  });
});
