import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createActivities } from '../activities';
import { buildHandoffBrief } from '../brief/build';
import { createPostgresCustomerProvider } from '../customers/postgres-provider';
import { getFetchedProfile } from '../db/briefs';
import { createConversation, getConversation } from '../db/conversations';
import { listMessages, storeMessage } from '../db/messages';
import { seedDemoData } from '../demo/seed';
import { listArticles } from '../db/knowledge';
import { KnowledgeIndex } from '../knowledge/search';
import { inBenchSchema, timingStats } from './schema';

/**
 * `npm run bench:brief`: how long building the handoff brief takes for transcripts of 20 and 500
 * messages — the whole transferContext activity (reads, build, write) on Postgres, and the pure
 * build alone, in a schema of its own (see inBenchSchema).
 */
const SIZES = [
  { messages: 20, iterations: 300 },
  { messages: 500, iterations: 100 },
];
const WARM_UP = 10;

const CUSTOMER_LINES = ['我上周退货了，退款到现在还没到账', '都过去五天了', '你这回答没用', 'My refund has not arrived yet', '到底什么时候退钱？', '快递也一直没更新'];
const BOT_LINES = ['退货商品验收通过后1至3个工作日内退款。', '抱歉，我还没理解您的问题。您可以换个说法，或选择转人工服务。'];

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const rows: Array<{ messages: number; iterations: number; activity: { p50: number; p99: number }; build: { p50: number; p99: number } }> = [];
  await inBenchSchema(async (db) => {
    await seedDemoData(db);
    const activities = createActivities({ db, notifyAssignment: async () => undefined, customerData: createPostgresCustomerProvider(db) });
    const knowledge = new KnowledgeIndex(await listArticles(db, 'zh-CN'));
    for (const { messages, iterations } of SIZES) {
      const { conversation } = await createConversation(db, {
        id: randomUUID(),
        customer: { id: 'c-42', name: null, phone: null, email: null, locale: 'zh-CN' },
        channel: 'app',
        metadata: {},
        idempotencyKey: null,
        requestHash: null,
      });
      for (let i = 0; i < messages; i += 1) {
        const customer = i % 2 === 0;
        const lines = customer ? CUSTOMER_LINES : BOT_LINES;
        await storeMessage(db, { conversationId: conversation.id, sender: customer ? 'customer' : 'bot', text: lines[i % lines.length]!, dedupeKey: `bench:${i}` });
      }
      await activities.fetchCustomerProfile({ conversationId: conversation.id });
      const escalation = { trigger: 'keyword' as const, messageId: null, evidence: '转人工', at: new Date().toISOString() };
      const input = { conversationId: conversation.id, escalation, locale: 'zh-CN' as const, profileGap: null };

      const activityTimes: number[] = [];
      for (let i = 0; i < WARM_UP + iterations; i += 1) {
        const started = performance.now();
        await activities.transferContext(input);
        if (i >= WARM_UP) activityTimes.push(performance.now() - started);
      }

      const [transcript, fetched, record] = await Promise.all([
        listMessages(db, conversation.id),
        getFetchedProfile(db, conversation.id),
        getConversation(db, conversation.id),
      ]);
      const buildTimes: number[] = [];
      for (let i = 0; i < WARM_UP + iterations; i += 1) {
        const started = performance.now();
        buildHandoffBrief({
          conversationId: conversation.id,
          channel: 'app',
          locale: 'zh-CN',
          builtAt: new Date().toISOString(),
          transcript,
          knownCustomer: record!.customer,
          profile: fetched ? { source: fetched.source, data: fetched.profile } : null,
          missing: [],
          escalation,
          knowledge,
        });
        if (i >= WARM_UP) buildTimes.push(performance.now() - started);
      }
      rows.push({ messages, iterations, activity: timingStats(activityTimes), build: timingStats(buildTimes) });
    }
  });
  if (json) {
    process.stdout.write(`${JSON.stringify({ brief: rows })}\n`);
    return;
  }
  process.stdout.write('Handoff brief build time (ms)\n');
  process.stdout.write('messages  iterations  transferContext p50  p99   pure build p50  p99\n');
  for (const row of rows) {
    process.stdout.write(
      `${String(row.messages).padStart(8)}  ${String(row.iterations).padStart(10)}  ${row.activity.p50.toFixed(2).padStart(19)}  ${row.activity.p99.toFixed(2).padStart(5)}   ${row.build.p50.toFixed(2).padStart(14)}  ${row.build.p99.toFixed(2).padStart(5)}\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
