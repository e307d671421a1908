import { CustomerDataUnavailable, MalformedCustomerData } from '../../customers/errors';
import { createHttpCustomerProvider } from '../../customers/http-provider';
import { crmProfile, json, slow, startFakeCrm } from '../support/fake-crm';

let crm: Awaited<ReturnType<typeof startFakeCrm>>;
beforeAll(async () => {
  crm = await startFakeCrm();
});
beforeEach(() => {
  crm.requests.length = 0;
});
afterAll(() => crm.stop());

const provider = (overrides: Partial<Parameters<typeof createHttpCustomerProvider>[0]> = {}) =>
  createHttpCustomerProvider({ baseUrl: crm.url, timeoutMs: 5_000, cacheSeconds: 0, ...overrides });

describe('the HTTP customer-data provider (a CRM)', () => {
  it('returns the profile the CRM answers, validated, sending the token', async () => {
    crm.behave(json(crmProfile('c-7')));
    const profile = await provider({ token: 'crm-secret' }).fetchProfile('c-7');
    expect(profile).toMatchObject({ id: 'c-7', account: { flags: ['vip'] }, orders: [{ id: 'SO-1' }] });
    expect(crm.requests[0]?.url).toBe('/customers/c-7');
    expect(crm.requests[0]?.headers.authorization).toBe('Bearer crm-secret');
  });

  it('returns null for a customer the CRM does not know', async () => {
    crm.behave(json({ error: 'no such customer' }, 404));
    expect(await provider().fetchProfile('c-unknown')).toBeNull();
  });

  it('gives up on a CRM that does not answer in time, as a failure worth retrying', async () => {
    crm.behave(slow(5_000, json(crmProfile('c-7'))));
    const started = Date.now();
    await expect(provider({ timeoutMs: 300 }).fetchProfile('c-7')).rejects.toThrow(new CustomerDataUnavailable('CRM did not answer within 300 ms'));
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('gives up on a body that does not come in time as unavailable, not as malformed data', async () => {
    crm.behave((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"id":');
      setTimeout(() => res.end('"c-7"}'), 2_000).unref();
    });
    await expect(provider({ timeoutMs: 300 }).fetchProfile('c-7')).rejects.toThrow(new CustomerDataUnavailable('CRM did not answer within 300 ms'));
  });

  it('treats a server error as worth retrying', async () => {
    crm.behave(json({}, 503));
    await expect(provider().fetchProfile('c-7')).rejects.toBeInstanceOf(CustomerDataUnavailable);
  });

  it.each([
    [{ ...crmProfile('c-7'), orders: [{ id: 'SO-1', status: 'shipped', amount: 'a lot', currency: 'USD', items: [], placedAt: '2026-11-20T10:00:00Z' }] }, 'orders.0.amount'],
    [{ name: 'no id' }, 'id'],
    [{ ...crmProfile('c-7'), account: { flags: 'vip' } }, 'account.flags'],
  ])('rejects malformed data, naming where it is wrong (%#)', async (body, field) => {
    crm.behave(json(body));
    const error = await provider().fetchProfile('c-7').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedCustomerData);
    expect((error as Error).message).toContain(field);
  });

  it('rejects a body that is not JSON, and the record of another customer', async () => {
    crm.behave((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('<html>'));
    await expect(provider({ timeoutMs: 300 }).fetchProfile('c-7')).rejects.toBeInstanceOf(MalformedCustomerData);
    crm.behave(json(crmProfile('c-8')));
    await expect(provider({ timeoutMs: 300 }).fetchProfile('c-7')).rejects.toThrow(/another customer/);
  });

  it('has at hand only what it answered within the cache period, and never asks for it', async () => {
    crm.behave(json(crmProfile('c-10')));
    let now = 1_000_000;
    const cached = provider({ cacheSeconds: 60, now: () => now });
    expect(await cached.profileAtHand('c-10')).toBeUndefined();
    expect(crm.requests).toHaveLength(0);
    await cached.fetchProfile('c-10');
    expect(await cached.profileAtHand('c-10')).toMatchObject({ id: 'c-10', account: { flags: ['vip'] } });
    now += 61_000;
    expect(await cached.profileAtHand('c-10')).toBeUndefined();
    expect(crm.requests).toHaveLength(1);
  });

  it('asks once within the cache period', async () => {
    crm.behave(json(crmProfile('c-9')));
    let now = 1_000_000;
    const cached = provider({ cacheSeconds: 60, now: () => now });
    await cached.fetchProfile('c-9');
    await cached.fetchProfile('c-9');
    expect(crm.requests).toHaveLength(1);
    now += 61_000;
    await cached.fetchProfile('c-9');
    expect(crm.requests).toHaveLength(2);
  });
});
