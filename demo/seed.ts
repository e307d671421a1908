import type { Pool } from 'pg';
import { addCustomerIfAbsent, addOrderIfAbsent, type CustomerAccount } from '../db/customers';
import { saveArticles } from '../db/knowledge';
import { SEED_ARTICLES } from '../knowledge/seed-articles';

/** Demo customers with accounts and orders, for trying the product with `npm start`. */
const DEMO_CUSTOMERS: CustomerAccount[] = [
  { id: 'c-42', name: '王小明', phone: '+86 138 0013 8000', email: 'xiaoming@example.cn', locale: 'zh-CN', tier: 'gold', since: '2019-03-08', flags: ['vip'] },
  { id: 'c-1001', name: 'Ada Lovelace', phone: '+44 20 7946 0000', email: 'ada@example.com', locale: 'en', tier: 'standard', since: '2023-11-02', flags: [] },
  { id: 'c-2001', name: '陳美玲', phone: '+886 912 345 678', email: 'meiling@example.tw', locale: 'zh-TW', tier: 'silver', since: '2021-06-15', flags: [] },
];

const DEMO_ORDERS = [
  { id: 'SO-20261118-0042', customerId: 'c-42', status: 'shipped', amount: 499.0, currency: 'CNY', daysAgo: 6,
    items: [{ name: '蓝牙降噪耳机', quantity: 1, sku: 'BT-NC-700' }] },
  { id: 'SO-20261020-0107', customerId: 'c-42', status: 'delivered', amount: 129.9, currency: 'CNY', daysAgo: 35,
    items: [{ name: '保温杯 500ml', quantity: 2, sku: 'CUP-500' }] },
  { id: 'SO-20261121-1001', customerId: 'c-1001', status: 'processing', amount: 89.5, currency: 'USD', daysAgo: 3,
    items: [{ name: 'Mechanical keyboard', quantity: 1, sku: 'KB-MX-RED' }] },
  { id: 'SO-20261101-2001', customerId: 'c-2001', status: 'refund_requested', amount: 1280.0, currency: 'TWD', daysAgo: 23,
    items: [{ name: '空氣清淨機濾網', quantity: 2, sku: 'AP-FILTER' }] },
];

/** Loads the starter knowledge base and the demo customers. Idempotent; never overwrites a customer. */
export async function seedDemoData(db: Pool): Promise<void> {
  await saveArticles(db, SEED_ARTICLES);
  for (const customer of DEMO_CUSTOMERS) await addCustomerIfAbsent(db, customer);
  for (const order of DEMO_ORDERS) await addOrderIfAbsent(db, order);
}
