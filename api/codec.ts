import type { Payload, PayloadCodec } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { codecAccess, type CodecAccess } from './codec-sign-in';
import { ApiError, parseOrThrow } from './errors';

/**
 * Temporal's remote codec protocol, so the Temporal UI (or `temporal workflow show
 * --codec-endpoint`) shows what the payload codec encrypted: `POST /codec/decode` and
 * `POST /codec/encode` take `{ payloads: [{ metadata: { k: base64 }, data: base64 }] }` and answer the
 * same shape. Decoding hands out customer data, so it takes an operator's key — the service key or
 * a supervisor's, as a Bearer key or as the sign-in cookie of api/codec-sign-in.ts — never an
 * agent's or a customer's; and a browser may call it only from the Temporal UI's origins
 * (BATON_TEMPORAL_UI_ORIGINS), with its cookies.
 */
export interface CodecEndpointSettings {
  codec: PayloadCodec;
  /** The browser origins allowed to call it: the Temporal UI's. */
  allowedOrigins: readonly string[];
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
export const payloadsBody = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }))
    .max(10_000),
});
type WirePayload = z.infer<typeof payloadsBody>['payloads'][number];

const fromWire = ({ metadata = {}, data = '' }: WirePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
  data: Buffer.from(data, 'base64'),
});
const toWire = ({ metadata, data }: Payload) => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(data ?? []).toString('base64'),
});

/**
 * CORS for the Temporal UI's origins only, with credentials (the sign-in cookie), so the origin is
 * echoed and never `*`; a preflight is answered before any key is asked for.
 */
function allowTemporalUi(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('Origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
        res.setHeader('Access-Control-Max-Age', '600');
      }
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

export function codecRoutes({ codec, allowedOrigins }: CodecEndpointSettings, access: CodecAccess): Router {
  const { operatorsOnly, signIn } = codecAccess(access, allowedOrigins);
  const router = Router();
  router.use(signIn);
  for (const direction of ['encode', 'decode'] as const) {
    router.use(`/${direction}`, allowTemporalUi(allowedOrigins));
    router.post(`/${direction}`, operatorsOnly, express.json({ limit: '16mb' }), async (req, res) => {
      const { payloads } = parseOrThrow(payloadsBody, req.body, 'body');
      let converted: Payload[];
      try {
        converted = await codec[direction](payloads.map(fromWire));
      } catch (error) {
        // A payload sealed with a key this deployment does not hold, or altered: the caller's payload, named by key id.
        if (error instanceof ApplicationFailure) throw new ApiError(400, 'undecodable_payload', error.message, { field: 'payloads' });
        throw error;
      }
      res.json({ payloads: converted.map(toWire) });
    });
  }
  return router;
}
