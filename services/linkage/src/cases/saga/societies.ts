import { readFileSync } from 'node:fs';
import { FivesocError, tracedFetch } from '@fivesoc/service-kit';
import type { CasePlace } from '../domain/values.ts';

/** Where the five societies answer, and how linkage proves who it is (an `integration_client` token). */
export interface SocietyEndpoints {
  socialWorker: string;
  volunteer: string;
  organization: string;
  charity: string;
  /** The bearer token, or a file holding it (read on every call, so a rotated token is picked up). */
  token: { value: string } | { file: string };
  timeoutMs?: number;
}

/** The society said no (4xx): a refusal to record, never to retry. */
export interface Refused {
  refused: string;
}

export type Answer = 'ok' | Refused;

/** A society that did not answer (network, timeout, 5xx): the saga retries, the deadline still runs. */
export class SocietyUnavailableError extends FivesocError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}

export const isRefused = (a: Answer): a is Refused => a !== 'ok';

/**
 * Linkage's calls to the societies' HTTP APIs. Every call carries an Idempotency-Key derived from the
 * request it carries out, so a call repeated after a crash is answered as the first one was and acts once.
 */
export class SocietyClient {
  private readonly e: SocietyEndpoints;
  constructor(endpoints: SocietyEndpoints) {
    this.e = endpoints;
  }

  private token(): string {
    const t = this.e.token;
    return 'value' in t ? t.value : readFileSync(t.file, 'utf8').trim();
  }

  private async post(base: string, path: string, body: unknown, key: string): Promise<Answer> {
    let res: Response;
    try {
      res = await tracedFetch(new URL(path, base), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.token()}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.e.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new SocietyUnavailableError(`POST ${path}: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (res.ok) return 'ok';
    let error: { code?: string; message?: string } = {};
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
    } catch {
      // not JSON: keep the status and text
    }
    // Our own credentials, their outage, or a repeat of a request still in flight (409 CONFLICT):
    // nothing a next candidate would fix, so the saga tries again later.
    if (
      res.status === 401 ||
      res.status === 403 ||
      res.status === 429 ||
      res.status >= 500 ||
      error.code === 'CONFLICT'
    ) {
      throw new SocietyUnavailableError(`POST ${path}: ${res.status} ${error.message ?? text.slice(0, 200)}`);
    }
    return { refused: `${res.status}: ${(error.message ?? text).slice(0, 180) || 'refused'}` };
  }

  assignWorker(workerId: string, caseId: string, key: string): Promise<Answer> {
    return this.post(this.e.socialWorker, `/v1/workers/${enc(workerId)}/assign`, { caseId }, key);
  }

  releaseWorker(workerId: string, caseId: string, key: string): Promise<Answer> {
    return this.post(this.e.socialWorker, `/v1/workers/${enc(workerId)}/release`, { caseId }, key);
  }

  /** A task of one item for one volunteer (id = the request id), then the volunteer's window and seat. */
  async reserveVolunteer(
    r: { requestId: string; caseId: string; volunteerId: string; skill: string; title: string },
    when: { startAt: string; endAt: string },
    place: CasePlace,
  ): Promise<Answer> {
    const created = await this.post(
      this.e.volunteer,
      '/v1/tasks',
      {
        taskId: r.requestId,
        title: r.title,
        creator: { kind: 'case', id: r.caseId },
        requiredSkills: [r.skill],
        startAt: when.startAt,
        endAt: when.endAt,
        place: { ...place, address: `community ${place.communityCode}` },
        headcount: 1,
      },
      `${r.requestId}-task`,
    );
    if (isRefused(created)) return created;
    return this.post(
      this.e.volunteer,
      `/v1/tasks/${enc(r.requestId)}/assignments`,
      { volunteerId: r.volunteerId },
      `${r.requestId}-assign`,
    );
  }

  cancelVolunteerTask(requestId: string, reason: string): Promise<Answer> {
    return this.post(
      this.e.volunteer,
      `/v1/tasks/${enc(requestId)}/cancellation`,
      { reason },
      `${requestId}-cancel`,
    );
  }

  refer(
    r: { requestId: string; caseId: string; itemId: string; organizationId: string; field: string },
    place: CasePlace,
    when: { startAt?: string | undefined; endAt?: string | undefined },
  ): Promise<Answer> {
    return this.post(
      this.e.organization,
      `/v1/organizations/${enc(r.organizationId)}/referrals`,
      {
        referralId: r.requestId,
        caseId: r.caseId,
        itemId: r.itemId,
        field: r.field,
        place,
        ...(when.startAt ? { startAt: when.startAt } : {}),
        ...(when.endAt ? { endAt: when.endAt } : {}),
      },
      `${r.requestId}-refer`,
    );
  }

  cancelReferral(requestId: string, reason: string): Promise<Answer> {
    return this.post(
      this.e.organization,
      `/v1/referrals/${enc(requestId)}/cancellation`,
      { reason },
      `${requestId}-cancel`,
    );
  }

  reserveDonation(
    r: { requestId: string; donationId: string; quantity: number; needId: string; category: string },
    place: CasePlace,
  ): Promise<Answer> {
    return this.post(
      this.e.charity,
      `/v1/donations/${enc(r.donationId)}/reservations`,
      {
        entryId: r.requestId,
        quantity: r.quantity,
        target: { needId: r.needId, communityCode: place.communityCode, category: r.category },
      },
      `${r.requestId}-reserve`,
    );
  }

  releaseDonation(donationId: string, requestId: string, reason: string): Promise<Answer> {
    return this.post(
      this.e.charity,
      `/v1/donations/${enc(donationId)}/entries/${enc(requestId)}/release`,
      { reason },
      `${requestId}-release`,
    );
  }
}

const enc = encodeURIComponent;
