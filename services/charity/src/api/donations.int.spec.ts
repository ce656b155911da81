import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { useInfra } from '@fivesoc/test-support';
import { DISTRICT, STREET, startHarness, until, type Harness } from '../testing/harness.ts';
import { enterpriseDonor, receivedDonation } from '../testing/fixtures.ts';

let h: Harness;
let coordinator: string;
beforeAll(async () => {
  h = await startHarness('charity-donations');
  coordinator = await h.token(['charity_coordinator']);
});
afterAll(async () => h.close());

const place = { districtCode: DISTRICT, streetCode: STREET };
interface FundView {
  ledger: { totals: Record<string, { received: number; reserved: number }>; donations: unknown[] };
}

describe('donations and funds', () => {
  it('takes money, goods and service hours to a fund, and the fund’s ledger sums them per measure', async () => {
    const fund = await h.call<{ fundId: string }>('POST', '/v1/funds', coordinator, {
      kind: 'community_foundation',
      name: '八里庄社区基金会',
      ...place,
    });
    expect(fund.status).toBe(201);
    const donor = await h.call<{ donorId: string }>('POST', '/v1/donors', coordinator, enterpriseDonor);
    const gifts = [
      { kind: 'money', amountFen: 12_345 },
      { kind: 'goods', item: '大米', quantity: 20, unit: 'kg' },
      { kind: 'service', service: '法律咨询', hours: 8 },
    ];
    for (const gift of gifts) {
      const d = await h.call<{ donationId: string }>('POST', '/v1/donations', coordinator, {
        donorId: donor.body.donorId,
        fundId: fund.body.fundId,
        gift,
        ...place,
      });
      expect(d.status).toBe(201);
      const quantity = gift.amountFen ?? gift.quantity ?? gift.hours;
      expect(
        (await h.call('POST', `/v1/donations/${d.body.donationId}/receipts`, coordinator, { quantity }))
          .status,
      ).toBe(201);
    }
    const ledger = await until('the fund ledger to show the receipts', async () => {
      const v = await h.call<FundView>('GET', `/v1/funds/${fund.body.fundId}`, coordinator);
      return v.body.ledger.totals.hour?.received === 8 && v.body.ledger;
    });
    expect(ledger.totals.fen?.received).toBe(12_345);
    expect(ledger.totals['大米/kg']?.received).toBe(20);
  });

  it('refuses floats for money, unknown donors and funds, and receipts above the pledge', async () => {
    const donor = await h.call<{ donorId: string }>('POST', '/v1/donors', coordinator, enterpriseDonor);
    const body = { donorId: donor.body.donorId, gift: { kind: 'money', amountFen: 10.5 }, ...place };
    const float = await h.call('POST', '/v1/donations', coordinator, body);
    expect(float.status).toBe(400);
    expect(float.body.error?.field).toBe('body.gift.amountFen');
    const noDonor = await h.call('POST', '/v1/donations', coordinator, {
      ...body,
      donorId: 'nobody',
      gift: { kind: 'money', amountFen: 1 },
    });
    expect(noDonor.status).toBe(404);
    const noFund = await h.call('POST', '/v1/donations', coordinator, {
      ...body,
      fundId: 'nofund',
      gift: { kind: 'money', amountFen: 1 },
    });
    expect(noFund.status).toBe(404);
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const over = await h.call('POST', `/v1/donations/${donationId}/receipts`, coordinator, { quantity: 1 });
    expect(over.status).toBe(422);
    expect(over.body.error?.details).toMatchObject({ pledged: 100, received: 100 });
  });

  it('answers a repeated Idempotency-Key with the first answer and stores nothing new', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const path = `/v1/donations/${donationId}/reservations`;
    await h.reportNeed('n-9', '110105001001', 'education');
    const body = {
      quantity: 40,
      target: { needId: 'n-9', communityCode: '110105001001', category: 'education' },
    };
    const first = await h.call<{ entryId: string }>('POST', path, coordinator, body, {
      'idempotency-key': 'res-1',
    });
    const again = await h.call<{ entryId: string }>('POST', path, coordinator, body, {
      'idempotency-key': 'res-1',
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.entryId).toBe(first.body.entryId);
    const view = await h.call<{ totals: { reserved: number } }>(
      'GET',
      `/v1/donations/${donationId}`,
      coordinator,
    );
    expect(view.body.totals.reserved).toBe(40);
  });

  it('publishes its events on its own Kafka topic, keyed by stream', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const kafka = new Kafka({ brokers: useInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `reader-${h.topic}` });
    const got: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [h.topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
    const mine = () => got.filter((m) => m.key?.toString() === `donation-${donationId}`);
    await until('the donation’s events on the topic', async () => mine().length >= 2);
    await consumer.disconnect();
    expect(mine().map((m) => m.headers?.['event-type']?.toString())).toEqual([
      'DonationRegistered',
      'DonationReceived',
    ]);
  });
});
