import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ROUTING_POLICY, loadRoutingPolicy, requirementFor, routingPolicySchema } from '../../routing/requirements';

const facts = (overrides: Partial<Parameters<typeof requirementFor>[1]> = {}) => ({
  classification: { category: 'general' as const, intent: 'general_question' },
  channel: 'web' as const,
  language: 'zh',
  priority: 1,
  ...overrides,
});

describe('the routing policy', () => {
  it.each([
    ['complaint', 'complaints', 3],
    ['account', 'account', 2],
    ['payments', 'billing', 1],
    ['returns_refunds', 'billing', 1],
    ['orders', 'orders', 1],
    ['shipping', 'orders', 1],
    ['general', 'general', 1],
  ] as const)('sends %s to %s at level %d by default', (category, skill, minLevel) => {
    const requirement = requirementFor(DEFAULT_ROUTING_POLICY, facts({ classification: { category, intent: 'x' } }));
    expect(requirement).toMatchObject({ skill, minLevel, language: 'zh', priority: 1 });
  });

  it('relaxes complaints to a lower level, then to senior general agents', () => {
    expect(requirementFor(DEFAULT_ROUTING_POLICY, facts({ classification: { category: 'complaint', intent: 'complaint' } })).relax).toEqual([
      { afterSeconds: 90, skill: 'complaints', minLevel: 2 },
      { afterSeconds: 240, skill: 'general', minLevel: 3 },
    ]);
  });

  it('matches on channel, language, intent and priority, first rule first', () => {
    const policy = routingPolicySchema.parse({
      rules: [
        { when: { channels: ['phone'], languages: ['en'] }, skill: 'voice-en', minLevel: 2 },
        { when: { intents: ['account_security'], minPriority: 3 }, skill: 'fraud', minLevel: 4 },
        { when: { categories: ['account'] }, skill: 'account' },
      ],
      fallback: { skill: 'general' },
    });
    expect(requirementFor(policy, facts({ channel: 'phone', language: 'en' }))).toMatchObject({ skill: 'voice-en', minLevel: 2, why: 'rule 1 (channel phone, language en)' });
    expect(requirementFor(policy, facts({ channel: 'phone', language: 'zh' })).skill).toBe('general');
    const security = { category: 'account' as const, intent: 'account_security' };
    expect(requirementFor(policy, facts({ classification: security, priority: 4 }))).toMatchObject({ skill: 'fraud', minLevel: 4 });
    expect(requirementFor(policy, facts({ classification: security, priority: 2 }))).toMatchObject({ skill: 'account', minLevel: 1 });
    expect(requirementFor(policy, facts())).toMatchObject({ skill: 'general', relax: [], why: 'no rule matched: the fallback' });
  });

  it('refuses a policy file that is not valid, naming where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routing-'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ rules: [{ skill: 'a', relax: [{ afterSeconds: 60, minLevel: 1 }, { afterSeconds: 30, minLevel: 1 }] }], fallback: { skill: 'general' } }));
    expect(() => loadRoutingPolicy(file)).toThrow(/relax: relax steps must come in increasing afterSeconds/);
    writeFileSync(file, JSON.stringify({ rules: [{ skill: 'a', minLevel: 9 }], fallback: { skill: 'general' } }));
    expect(() => loadRoutingPolicy(file)).toThrow(/rules\.0\.minLevel/);
    writeFileSync(file, JSON.stringify({ rules: [], fallback: { skill: 'general' } }));
    expect(loadRoutingPolicy(file).fallback).toEqual({ skill: 'general', minLevel: 1 });
  });
});
