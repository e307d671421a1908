import { Writable } from 'node:stream';
import { createLogger } from '../../observability/logger';

describe('the logger', () => {
  it('never writes phone numbers or email addresses, wherever they sit', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
    // Log through a logger built exactly like the product's, into our sink.
    const testLogger = createLogger('info', 'test', sink);
    testLogger.info({ phone: '+86 138 0000 0000', customer: { email: 'ada@example.com', name: 'Ada' }, brief: { customer: { phone: '123' } } }, 'x');
    const output = lines.join('');
    expect(output).not.toContain('138 0000');
    expect(output).not.toContain('ada@example.com');
    expect(output).not.toContain('"123"');
    expect(output).toContain('Ada');
  });
});
