/** A small JSON client for the services on this machine (127.0.0.1 only), with bounded concurrency. */

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Client {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

/** Refuses any base URL that is not this machine: the loader never writes to a remote stack. */
export function assertLocal(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`seed: ${baseUrl} is not on this machine (127.0.0.1 only)`);
  return url;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client for one service: a connection error or a 503 is retried (3 tries in all), other answers are returned. */
export function client(baseUrl: string, token: string): Client {
  const base = assertLocal(baseUrl).toString().replace(/\/$/, '');
  return {
    async call(method, path, body, headers = {}) {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(`${base}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
              ...headers,
            },
            // A string body with its own content type (an NDJSON import) goes as it is.
            ...(body === undefined
              ? {}
              : { body: typeof body === 'string' && headers['content-type'] ? body : JSON.stringify(body) }),
          });
          const text = await res.text();
          if (res.status === 503 && attempt < 3) {
            await sleep(200 * attempt);
            continue;
          }
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          return { status: res.status, body: parsed };
        } catch (err) {
          if (attempt >= 3) throw err;
          await sleep(200 * attempt);
        }
      }
    },
  };
}

/** Runs `work` over the items with at most `limit` in flight; items are pulled lazily (generators stay lazy). */
export async function eachLimited<T>(
  items: Iterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const it = items[Symbol.iterator]();
  const worker = async () => {
    for (let next = it.next(); !next.done; next = it.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(8, limit)) }, worker));
}
