import { defaultCachedWorkflows } from '../../worker/worker';

describe("the worker's sticky cache, unless told", () => {
  it('holds what the heap has room for at 0.4 MiB a conversation, after 1 GiB for the rest', () => {
    expect(defaultCachedWorkflows(4144)).toBe(7800);
    expect(defaultCachedWorkflows(16384)).toBe(38400);
  });

  it('keeps a hundred on a heap too small for the rule', () => {
    expect(defaultCachedWorkflows(512)).toBe(100);
    expect(defaultCachedWorkflows(1064)).toBe(100);
  });

  it('follows the heap limit of the process it runs in', () => {
    expect(defaultCachedWorkflows()).toBeGreaterThanOrEqual(100);
  });
});
